"""Thin Celery tasks of the shared kernel: they take plain arguments and call services."""

from celery import shared_task

from inspection import heartbeats


@shared_task(name="inspection.tasks.heartbeat")
def heartbeat(source: str = "beat") -> int:
    """Sent by the scheduler; a row `beat` shows the schedule reaches a worker."""
    return heartbeats.record(source).pk
