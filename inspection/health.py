"""/healthz: database, Redis, worker and scheduler; 503 naming what is down.

Bounded: Redis is given 1 s, the database its connect timeout (DATABASE_CONNECT_TIMEOUT);
worker and scheduler are read from heartbeat rows (inspection.heartbeats), not pinged.
In embedded mode (no REDIS_URL) tasks run in the web process, so there is no worker to watch,
and the scheduler is the thread `manage.py rundemo` starts: reported when this process runs
one, "off" (not counted as down) when it does not.
"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from inspection import heartbeats

PARTS = ("database", "redis", "worker", "scheduler")


def _error(exc: Exception) -> str:
    return f"error: {exc.__class__.__name__}"


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return _error(exc)
    return "ok"


def _check_redis() -> str:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception as exc:
        return _error(exc)
    return "ok"


def _from_rows(check) -> str:
    try:
        return check()
    except Exception as exc:  # the database is down: say so here too
        return _error(exc)


def _embedded_scheduler() -> str:
    from inspection.scheduler import EmbeddedScheduler

    scheduler = EmbeddedScheduler.running
    if scheduler is None:
        return "off"
    return scheduler.state()


def checks() -> dict[str, str]:
    result = {"database": _check_database()}
    if settings.REDIS_URL:
        result["redis"] = _check_redis()
        result["worker"] = _from_rows(heartbeats.worker_state)
        result["scheduler"] = _from_rows(heartbeats.scheduler_state)
    else:
        result["worker"] = "embedded"
        result["scheduler"] = _embedded_scheduler()
    return result


def is_down(state: str) -> bool:
    return state.startswith("error")


@never_cache
def healthz(request):
    result = checks()
    down = [name for name, state in result.items() if is_down(state)]
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": result}
    return JsonResponse(body, status=503 if down else 200)
