from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """Written by a scheduled task: shows that the scheduler and a worker are alive."""

    source = models.CharField(_("来源"), max_length=100)
    seen_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")
        get_latest_by = "seen_at"

    def __str__(self):
        return f"{self.source} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Sequence(models.Model):
    """Per-scope, per-year counters behind document and registration numbers."""

    scope = models.CharField(_("编号范围"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("当前号"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="sequence_unique_scope_year")
        ]

    def __str__(self):
        return f"{self.scope}/{self.year}: {self.last_value}"
