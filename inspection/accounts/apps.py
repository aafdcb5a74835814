from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "inspection.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")

    def ready(self):
        from auditlog.registry import auditlog
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from inspection.accounts import middleware, signin  # noqa: F401 (signal receivers)

        # Setting up, replacing and resetting a second factor is audited; secrets are not.
        volatile = ["throttling_failure_timestamp", "throttling_failure_count", "last_used_at"]
        auditlog.register(TOTPDevice, exclude_fields=["key", "last_t", "drift", *volatile])
        auditlog.register(StaticDevice, exclude_fields=volatile)
