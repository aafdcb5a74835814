"""Request id: one id per request, echoed in the response and stored on audit entries."""

import re
import uuid
from contextvars import ContextVar

from auditlog.context import auditlog_value

from inspection import logs

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(self.header, "")
        # Accept a proxy's id only when it is safe to log; otherwise make our own.
        request.id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        log_token = logs.bind_request(request)  # log lines of this request name it and its user
        # auditlog's set_actor leaves its context value behind after the request; start and
        # end every request with a clean one so a later bulk write never names a stale actor.
        audit_token = auditlog_value.set({})
        try:
            response = self.get_response(request)
        finally:
            # For gunicorn's access line (inspection.logs.GunicornLogger), written after this.
            request.META["inspection.request_id"] = request.id
            request.META["inspection.user_id"] = logs.request_user_id(request)
            logs.unbind_request(log_token)
            auditlog_value.reset(audit_token)
            _request_id.reset(token)
        response[self.header] = request.id
        return response


class ChineseFirstMiddleware:
    """Chinese unless the user chose otherwise: the browser's Accept-Language is not asked.

    Office computers often run English-language browsers; the system still speaks Chinese
    until the user picks English in the page header (a cookie LocaleMiddleware reads).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse an oversized request from its Content-Length, before its body is read.

    A form or JSON body may hold at most `REQUEST_MAX_BYTES`; a multipart body (files) at most
    `UPLOAD_REQUEST_MAX_BYTES`. Each upload is checked again against its own rule. The answer
    is 413 in the API's error shape (or a short page), in well under a second.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = self._limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return self._refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def _limit(request) -> int:
        from django.conf import settings

        if request.content_type == "multipart/form-data":
            return settings.UPLOAD_REQUEST_MAX_BYTES
        return settings.REQUEST_MAX_BYTES

    @staticmethod
    def _refuse(request, limit):
        from django.http import HttpResponse, JsonResponse
        from django.utils.translation import gettext as _

        message = _("提交的内容过大（上限 %(size)s MB）。") % {
            "size": round(limit / 1024 / 1024, 1)
        }
        if request.path.startswith("/api/"):
            body = {"status": 413, "code": "too_large", "message": message, "fields": {}}
            return JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
