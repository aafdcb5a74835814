"""The embedded scheduler: runs the Celery beat schedule inside the web process.

Used when there is no Redis (embedded mode): tasks run eagerly in this thread, on the same
schedule objects Celery beat would use, so the demo behaves like production without a worker.
"""

import datetime
import logging
import threading
import time

from celery import current_app
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


class EmbeddedScheduler(threading.Thread):
    # The one started in this process, if any (reported by /healthz in embedded mode).
    running: "EmbeddedScheduler | None" = None

    def __init__(self, schedule=None, poll_seconds: float = 30.0):
        super().__init__(name="embedded-scheduler", daemon=True)
        self.entries = schedule if schedule is not None else settings.CELERY_BEAT_SCHEDULE
        self.poll_seconds = poll_seconds
        # Start as if the last run was a day ago: a daily job whose hour passed while the
        # process was down runs at start (its tasks are idempotent), like a beat catching up.
        self.last_run = dict.fromkeys(self.entries, timezone.now() - datetime.timedelta(days=1))
        self.stopped = threading.Event()
        self.last_poll = time.monotonic()
        # Register every app's tasks now (Celery discovers them lazily, on a worker's start).
        current_app.loader.import_default_modules()

    def run_due(self) -> list[str]:
        """Run every entry that is due now; return the names of those that ran."""
        ran = []
        for name, entry in self.entries.items():
            due, _next = entry["schedule"].is_due(self.last_run[name])
            if not due:
                continue
            self.last_run[name] = timezone.now()
            try:
                current_app.tasks[entry["task"]].apply(
                    args=entry.get("args", ()), kwargs=entry.get("kwargs", {})
                )
                ran.append(name)
            except Exception:  # a failing task must not stop the scheduler
                logger.exception("scheduled task %s failed", name)
        return ran

    def run(self):
        EmbeddedScheduler.running = self
        self.last_poll = time.monotonic()
        while not self.stopped.wait(self.poll_seconds):
            self.last_poll = time.monotonic()
            self.run_due()

    def state(self) -> str:
        """'ok' while the thread runs and polls on time (for /healthz)."""
        if not self.is_alive():
            return "error: embedded scheduler stopped"
        silent = time.monotonic() - self.last_poll
        if silent > 3 * self.poll_seconds + 60:
            return f"error: embedded scheduler silent for {int(silent)} s"
        return "ok"

    def stop(self):
        self.stopped.set()
