"""One error format for every API response that is not a success.

    {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}

`fields` names each offending field (validation errors only); when exactly one field has
exactly one message, `message` repeats it. A transition refused because the object's state
changed meanwhile answers 409 with code "conflict". Django ValidationErrors raised
by services are turned into the same 400 answer, so a rule enforced in a service reads to the
client exactly like one enforced in a serializer.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from inspection.workflow import StateConflict


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        # Keep the service's own words ("only the group's leader may sign") when it gave some.
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, StateConflict):
        exc = Conflict(detail=exc.message)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        body = {
            "status": response.status_code,
            "code": "invalid",
            "message": _single_message(fields) or _("提交的数据有误，请按字段提示修改。"),
            "fields": fields,
        }
    else:
        detail = getattr(exc, "detail", None)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        body = {
            "status": response.status_code,
            "code": codes if isinstance(codes, str) else "error",
            "message": str(detail) if detail is not None else str(exc),
            "fields": {},
        }
    response.data = body
    return response


def _single_message(fields) -> str | None:
    """The service's own message, when exactly one field carries exactly one."""
    if len(fields) != 1:
        return None
    (messages,) = fields.values()
    if isinstance(messages, list) and len(messages) == 1 and isinstance(messages[0], str):
        return str(messages[0])
    return None
