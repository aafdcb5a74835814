"""Rate limits per token (API clients), per user (browser sessions) and per anonymous address.

A token has its own budget, so a script using one token cannot exhaust the budget of its
owner's other tokens or browser session. Anonymous requests, and every request whose token
fails to authenticate, are counted against the address's anonymous budget.

Each budget is a fixed-window counter in the shared cache, raised with one atomic increment
(Redis INCR, or the local-memory cache's lock in embedded mode): concurrent requests cannot
read the same count and all pass, as they could with DRF's read-modify-write request
history. A window is the rate's period (a minute for "600/minute"); at most the budget passes
in any one window.
"""

import time

from django.core.cache import cache as default_cache
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from inspection.accounts.models import ApiToken

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/minute" -> (600, 60): requests allowed, window in seconds."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0].lower()]


class FixedWindowThrottle(BaseThrottle):
    scope = ""
    cache = default_cache
    THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    timer = time.time

    def ident(self, request) -> str | None:
        """Whose budget this request spends, or None when this throttle does not apply."""
        raise NotImplementedError

    def allow_request(self, request, view):
        ident = self.ident(request)
        if ident is None:
            return True
        return self.spend(ident)

    def spend(self, ident: str) -> bool:
        limit, window = parse_rate(self.THROTTLE_RATES[self.scope])
        now = self.timer()
        slot = int(now // window)
        self._wait = (slot + 1) * window - now
        key = f"throttle:{self.scope}:{ident}:{slot}"
        return _increment(self.cache, key, window) <= limit

    def wait(self):
        return max(getattr(self, "_wait", 0), 1)


def _increment(cache, key: str, window: int) -> int:
    """Atomically add one to the window's counter, creating it (with an expiry) if absent."""
    for _attempt in range(3):
        cache.add(key, 0, timeout=window + 5)  # atomic create-if-absent (SET NX)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: create it again
            continue
    return cache.incr(key)


class TokenOrUserRateThrottle(FixedWindowThrottle):
    scope = "user"

    def ident(self, request):
        if isinstance(request.auth, ApiToken):
            return f"token-{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return None  # anonymous: counted by AnonymousRateThrottle.charge


class AnonymousRateThrottle(FixedWindowThrottle):
    """Charged while authenticating (inspection.api.authentication), before the permission
    check refuses an anonymous request and before a failed token answers 401: otherwise
    neither would ever meet the limit."""

    scope = "anon"

    def ident(self, request):
        return self.get_ident(request)

    @classmethod
    def charge(cls, request):
        """Spend one anonymous request for this address; 429 when the budget is gone."""
        throttle = cls()
        if not throttle.allow_request(request, None):
            raise exceptions.Throttled(wait=throttle.wait())
