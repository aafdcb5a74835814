"""OpenAPI generation: every operation documents the common error answers.

Errors are produced by inspection.api.errors for any endpoint, so the schema states them once
here instead of in each app: 400 (bad parameters or body), 401 (no or bad credentials),
403 (not allowed), 404 (absent or out of scope) and 429 (rate limit); writes add 409 (the
state changed meanwhile), 413 (too large) and 415.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.JSONField(), help_text=_("字段名 → 错误信息列表（仅校验错误）")
    )

    class Meta:
        ref_name = "Error"


ERROR_RESPONSES = {
    "400": _("请求参数或内容有误"),
    "401": _("未登录或令牌无效"),
    "403": _("无权执行此操作"),
    "404": _("对象不存在或不在可见范围内"),
    "429": _("请求过于频繁"),
}
# Only operations that take a body can be sent one of a media type they do not parse, can
# meet a case whose state changed meanwhile (409), or can be too large (413).
BODY_ERROR_RESPONSES = {
    "409": _("对象状态已变化（并发或重复提交）"),
    "413": _("提交的内容过大"),
    "415": _("不支持的请求内容类型"),
}


def _stored_blank_allowed(field) -> bool:
    """A read-only choice field whose model column may hold "" (DRF drops allow_blank
    from read-only fields, so the schema would otherwise reject a stored blank)."""
    meta = getattr(getattr(field, "parent", None), "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except Exception:  # not a model field (a property or an annotation)
        return False


class AutoSchema(BaseAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and _stored_blank_allowed(field)
        ):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERROR_RESPONSES)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(BODY_ERROR_RESPONSES)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=str(description)),
                    code,
                    direction=direction,
                )
        return responses
