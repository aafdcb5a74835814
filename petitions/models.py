"""Petitions and reports (信访举报) received by a station or the office."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from tours.models import Station, Unit


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("来电")
    MAILBOX = "mailbox", _("来信（邮政信箱）")
    VISIT = "visit", _("来访")
    REPORT_BOX = "report_box", _("举报箱")
    ONLINE = "online", _("网络/二维码")
    FROM_ABOVE = "from_above", _("上级转来")


class PetitionStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ASSESSING = "assessing", _("研判中")
    HANDLED_BY_GROUP = "handled_by_group", _("巡视组处理")
    TRANSFERRED = "transferred", _("已转交")
    FILED_FOR_REFERENCE = "filed_for_reference", _("留存备查")
    DUPLICATE = "duplicate", _("重复件")
    CONCLUDED = "concluded", _("已办结")


class PetitionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_liaison:
            return self.none()  # a unit never sees petitions about itself
        if user.is_official:
            return self.filter(
                Exists(
                    Transfer.objects.filter(petition=OuterRef("pk"), receiving_body_id=user.unit_id)
                )
            )
        return self.filter(station__in=Station.objects.visible_to(user))


@audited()
class Petition(models.Model):
    station = models.ForeignKey(
        Station,
        verbose_name=_("进驻"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text=_("为空表示直接寄往巡视办。"),
    )
    number = models.CharField(_("登记编号"), max_length=40, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices, db_index=True)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    summary = models.CharField(_("摘要"), max_length=500)
    content = models.TextField(_("内容"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=30,
        choices=PetitionStatus.choices,
        default=PetitionStatus.REGISTERED,
        db_index=True,
    )
    is_late = models.BooleanField(_("超过受理截止日期"), default=False)
    routing_due_on = models.DateField(_("分办期限"), null=True, blank=True, db_index=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访举报件")
        verbose_name_plural = _("信访举报件")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return self.number


class TransferQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.is_official:
            return self.filter(receiving_body_id=user.unit_id)
        return self.filter(petition__in=Petition.objects.visible_to(user))


@audited()
class Transfer(models.Model):
    """A petition sent on to the body competent for it (转交/转办)."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("信访件"), on_delete=models.PROTECT, related_name="transfers"
    )
    receiving_body = models.ForeignKey(
        Unit,
        verbose_name=_("接收机关"),
        on_delete=models.PROTECT,
        related_name="petition_transfers",
    )
    letter_number = models.CharField(_("转办函编号"), max_length=60, blank=True)
    sent_on = models.DateField(_("转出日期"))
    reply_due_on = models.DateField(_("回复期限"), db_index=True)
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")

    def __str__(self):
        return f"{self.petition} → {self.receiving_body}"
