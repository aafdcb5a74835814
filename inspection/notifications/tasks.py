"""Thin Celery tasks for the reminder engine (beat runs them daily)."""

import datetime

from celery import shared_task

from inspection.notifications import services


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


@shared_task(bind=True, name="notifications.run_reminder_sweep", max_retries=3)
def run_reminder_sweep(self, today: str | None = None) -> dict:
    # The digest follows on the queue the sweep came from (a dedicated queue stays private).
    queue = (self.request.delivery_info or {}).get("routing_key")

    def queue_digest():
        options = {"queue": queue} if queue else {}
        send_daily_digests.apply_async(kwargs={"day": today}, **options)

    try:
        result = services.sweep(_day(today), after_commit=queue_digest)
    except Exception as exc:  # a deadlock or a lost connection: the whole sweep runs again
        raise self.retry(exc=exc, countdown=30) from exc
    return {"selected": result.selected, "notifications": result.notifications}


@shared_task(bind=True, name="notifications.send_daily_digests", max_retries=5)
def send_daily_digests(self, day: str | None = None) -> dict:
    outcome = services.send_digests(_day(day))
    if outcome["failed"]:
        raise self.retry(countdown=60 * (self.request.retries + 1))
    return outcome
