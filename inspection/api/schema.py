"""OpenAPI generation: every operation documents the common error answers.

Errors are produced by inspection.api.errors for any endpoint, so the schema states them once
here instead of in each app: 400 (bad parameters or body), 401 (no or bad credentials),
403 (not allowed), 404 (absent or out of scope) and 429 (rate limit).
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


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=str(description)),
                    code,
                    direction=direction,
                )
        return responses
