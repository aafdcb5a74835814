"""Rectification plans and items (the three lists), progress and close-out."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from findings.models import Finding
from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from tours.models import Station


class ItemStatus(models.TextChoices):
    OPEN = "open", _("未开始")
    IN_PROGRESS = "in_progress", _("整改中")
    CLOSURE_REQUESTED = "closure_requested", _("申请销号")
    CLOSED = "closed", _("已销号")


class ItemQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_official:
            return self.none()
        if user.is_liaison:
            return self.filter(station__unit_id=user.unit_id)
        return self.filter(station__in=Station.objects.visible_to(user))


@audited()
class RectificationItem(models.Model):
    station = models.ForeignKey(
        Station,
        verbose_name=_("进驻"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("问题"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    measures = models.TextField(_("整改措施"))
    deadline = models.DateField(_("完成时限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "id"]

    def __str__(self):
        return f"{self.finding} · {self.deadline}"
