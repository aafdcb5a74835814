"""The Celery application. Configuration comes from Django settings (CELERY_*)."""

import os
import sys

from celery import Celery, bootsteps
from celery.signals import beat_init, before_task_publish, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")

app = Celery("inspection")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _starting_service(argv: list[str]) -> str | None:
    """'worker' or 'beat' when this process is `celery … worker|beat`, else None."""
    program = argv[0] if argv else ""
    if "celery" not in os.path.basename(program) and not program.endswith(
        os.path.join("celery", "__main__.py")
    ):
        return None
    for arg in argv[1:]:
        if arg in ("worker", "beat"):
            return arg
    return None


_SERVICE = _starting_service(sys.argv)
if _SERVICE:
    # Refuse before Celery prints its banner or connects to the broker.
    from inspection.checks import exit_without_keys

    exit_without_keys(_SERVICE)


@worker_init.connect
@beat_init.connect
def _refuse_without_keys(sender=None, **kwargs):
    """Second guard for processes started another way (SystemExit passes Celery's dispatch)."""
    from inspection.checks import exit_without_keys

    exit_without_keys("beat" if "beat" in type(sender).__module__ else "worker")


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes this worker's heartbeat row every WORKER_HEARTBEAT_SECONDS (read by /healthz)."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, c, **kwargs):
        super().__init__(c, **kwargs)
        self.tref = None

    def start(self, c):
        from django.conf import settings

        from inspection import heartbeats

        heartbeats.beat_safely(heartbeats.worker_source(c.hostname))
        self.tref = c.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS,
            heartbeats.beat_safely,
            (heartbeats.worker_source(c.hostname),),
        )

    def stop(self, c):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    def shutdown(self, c):
        from inspection import heartbeats

        self.stop(c)
        heartbeats.forget_safely(heartbeats.worker_source(c.hostname))


app.steps["consumer"].add(WorkerHeartbeat)


_in_beat = False


@beat_init.connect
def _scheduler_started(**kwargs):
    """Beat writes the scheduler's heartbeat itself: at start, then whenever it sends the
    heartbeat entry, so /healthz tells a stopped scheduler from a stopped worker."""
    global _in_beat
    from inspection import heartbeats

    _in_beat = True
    heartbeats.beat_safely(heartbeats.SCHEDULER)


@before_task_publish.connect
def _scheduler_sent_heartbeat(sender=None, **kwargs):
    if _in_beat and sender == "inspection.tasks.heartbeat":
        from inspection import heartbeats

        heartbeats.beat_safely(heartbeats.SCHEDULER)
