"""Session timeouts and the second sign-in step.

SessionTimeoutMiddleware ends a session after `SESSION_IDLE_MINUTES` without a request and
`SESSION_MAX_HOURS` after sign-in. TwoFactorMiddleware sends a signed-in user who still owes
a second factor to the code page (or to the authenticator setup when 2FA is required of them
and they have none) before anything else; API requests with a personal token are not
affected: the token is its own factor.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SIGNED_IN_AT = "_signed_in_at"
LAST_SEEN = "_last_seen"
# The last-seen time is written at most this often: not every request saves the session.
LAST_SEEN_PRECISION = 60


@receiver(user_logged_in)
def _stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and SIGNED_IN_AT in request.session:
            now = int(time.time())
            idle = now - request.session.get(LAST_SEEN, now)
            age = now - request.session[SIGNED_IN_AT]
            idle_out = idle > settings.SESSION_IDLE_MINUTES * 60
            if idle_out or age > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                if not request.path.startswith("/api/"):
                    return self._to_login(request, idle_out)
                # The API answers as for anyone without a session (401).
                return self.get_response(request)
            if now - request.session.get(LAST_SEEN, 0) >= LAST_SEEN_PRECISION:
                request.session[LAST_SEEN] = now
        elif request.user.is_authenticated:
            # A session from before timeouts existed: its clock starts now.
            _stamp_sign_in(None, request, request.user)
        return self.get_response(request)

    @staticmethod
    def _to_login(request, idle_out):
        messages.info(
            request,
            _("长时间未操作，已自动退出，请重新登录。")
            if idle_out
            else _("登录时间已满，已自动退出，请重新登录。"),
        )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse("login") + (f"?{query}" if query else ""))


class TwoFactorMiddleware:
    EXEMPT_NAMES = ("two-factor-setup", "two-factor-verify", "logout", "login", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or self._exempt(request):
            return self.get_response(request)
        from inspection.accounts import two_factor

        step = two_factor.pending_step(user)
        if step is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if _carries_token(request):
                return self.get_response(request)
            message = _("请先在浏览器中完成两步验证。")
            body = {"status": 403, "code": "two_factor_required", "message": message, "fields": {}}
            return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
        target = reverse("two-factor-verify" if step == "verify" else "two-factor-setup")
        if request.method == "GET" and request.path != reverse("home"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

    def _exempt(self, request):
        static = "/" + settings.STATIC_URL.lstrip("/")
        if request.path.startswith((static, "/healthz")):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in self.EXEMPT_NAMES


def _carries_token(request) -> bool:
    """An `Authorization: Token …` (or Bearer) header: DRF's token authentication decides."""
    from inspection.api.authentication import KEYWORDS

    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    return bool(parts) and parts[0].lower() in KEYWORDS
