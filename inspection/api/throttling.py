"""Rate limits per token (API clients) or per user (browser sessions), rates from settings.

A token has its own budget, so a script using one token cannot exhaust the budget of its
owner's other tokens or browser session. Anonymous requests are limited per address.
"""

from rest_framework.throttling import SimpleRateThrottle

from inspection.accounts.models import ApiToken


class TokenOrUserRateThrottle(SimpleRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # left to AnonymousRateThrottle
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
