"""One error format for every API response that is not a success.

    {"status": 400, "code": "invalid", "message": "...", "fields": {"name": ["..."]}}

`fields` names each offending field (validation errors only). Django ValidationErrors raised
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


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        body = {
            "status": response.status_code,
            "code": "invalid",
            "message": _("提交的数据有误，请按字段提示修改。"),
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
