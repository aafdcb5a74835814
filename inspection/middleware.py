"""Request id: one id per request, echoed in the response and stored on audit entries."""

import re
import uuid
from contextvars import ContextVar

from auditlog.context import auditlog_value

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
        # auditlog's set_actor leaves its context value behind after the request; start and
        # end every request with a clean one so a later bulk write never names a stale actor.
        audit_token = auditlog_value.set({})
        try:
            response = self.get_response(request)
        finally:
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
