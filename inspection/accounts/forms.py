from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("", _("永不过期")),
    ("30", _("30 天")),
    ("90", _("90 天")),
    ("365", _("一年")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=100, help_text=_("用途，例如“统计系统对接”。")
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("有效期"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        help_text=_("验证器应用显示的 6 位数字，或一个恢复码。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )
