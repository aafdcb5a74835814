"""Personal API tokens: `Authorization: Token <secret>` (or `Bearer <secret>`).

A token authenticates as its user and nothing more: scoping is the user's own. The secret is
looked up by its SHA-256 hash; an unknown, revoked or expired token, or one whose user is
inactive, answers 401 in the common error format.

A failed token and an anonymous request both spend the address's anonymous budget here,
while authenticating: DRF checks permissions (401 for the anonymous) before throttles, and a
failed authentication ends the request before either, so guessing tokens would otherwise
never meet a 429.
"""

from auditlog.context import auditlog_value
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from inspection.accounts.models import ApiToken
from inspection.api.throttling import AnonymousRateThrottle

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        try:
            return self._authenticate(request)
        except exceptions.AuthenticationFailed:
            AnonymousRateThrottle.charge(request)  # 429 once the guesses exhaust the budget
            raise

    def _authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in KEYWORDS:
            return None  # not ours: let session authentication try
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式无效：应为“Token <令牌>”。"))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("令牌格式无效。")) from exc
        token = ApiToken.objects.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效、已撤销或已过期。"))
        token.touch()
        _credit_audit_actor(token.user)
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request answer 401 (with this challenge) rather than 403.
        return 'Token realm="api"'


class AnonymousBudget(authentication.BaseAuthentication):
    """Last in the list: reached only when no credentials authenticated the request, and
    authenticates nobody; it spends one request of the address's anonymous budget."""

    def authenticate(self, request):
        AnonymousRateThrottle.charge(request)
        return None


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "inspection.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(_("个人 API 令牌，格式为“Token <令牌>”或“Bearer <令牌>”。")),
        }


class AnonymousBudgetScheme(OpenApiAuthenticationExtension):
    """Not a way to authenticate: nothing to document."""

    target_class = "inspection.api.authentication.AnonymousBudget"
    name = ()

    def get_security_requirement(self, auto_schema):
        return None

    def get_security_definition(self, auto_schema):
        return ()


def _credit_audit_actor(user):
    """Changes made through a token are logged with the token's user as actor.

    The audit middleware reads the actor before DRF authenticates a token, so it saw an
    anonymous request; fill the actor into the request's audit context now.
    """
    context = auditlog_value.get(None)
    if context is not None and context.get("actor") is None:
        context["actor"] = user
