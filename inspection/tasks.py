"""Thin Celery tasks of the shared kernel: they take plain arguments and call services."""

from celery import shared_task

from inspection.models import Heartbeat


@shared_task(name="inspection.tasks.heartbeat")
def heartbeat(source: str = "beat") -> int:
    return Heartbeat.objects.create(source=source[:100]).pk
