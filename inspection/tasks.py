"""Thin Celery tasks of the shared kernel: they take plain arguments and call services."""

from celery import shared_task
from django.core.management import call_command

from inspection import heartbeats


@shared_task(name="inspection.tasks.heartbeat")
def heartbeat(source: str = "beat") -> int:
    """Sent by the scheduler; a row `beat` shows the schedule reaches a worker."""
    return heartbeats.record(source).pk


@shared_task(name="inspection.tasks.clear_sessions")
def clear_sessions() -> None:
    """Delete expired sessions (Django's clearsessions), on the beat schedule."""
    call_command("clearsessions")
