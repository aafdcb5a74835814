"""Findings with their working papers, and leads handed to receiving bodies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from petitions.models import Petition
from tours.models import Station, Unit


class FindingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWED = "reviewed", _("副组长已审核")
    APPROVED = "approved", _("组长已审定")
    REPORTED = "reported", _("已报告")
    FED_BACK = "fed_back", _("已反馈")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改")


# A unit learns of its problems at feedback; before that a finding is the group's alone.
FED_BACK_STATUSES = (FindingStatus.FED_BACK, FindingStatus.RECTIFYING, FindingStatus.RECTIFIED)


class FindingQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_official:
            return self.none()
        if user.is_liaison:
            return self.filter(station__unit_id=user.unit_id, status__in=FED_BACK_STATUSES)
        return self.filter(station__in=Station.objects.visible_to(user))


@audited()
class Finding(models.Model):
    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="findings"
    )
    title = models.CharField(_("问题"), max_length=300)
    description = models.TextField(_("问题描述"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=FindingStatus.choices,
        default=FindingStatus.DRAFT,
        db_index=True,
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["station", "id"]

    def __str__(self):
        return self.title


class LeadStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    APPROVED = "approved", _("已审批")
    HANDED_OVER = "handed_over", _("已移交")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    IN_DISPOSAL = "in_disposal", _("处置中")
    REPORTED_BACK = "reported_back", _("已反馈结果")
    CLOSED = "closed", _("已办结")


class LeadQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_liaison:
            return self.none()
        if user.is_official:
            # Only what was actually handed over to the official's own body.
            return self.filter(receiving_body_id=user.unit_id, handed_over_on__isnull=False)
        return self.filter(station__in=Station.objects.visible_to(user))


@audited(m2m_fields=("findings", "petitions"))
class Lead(models.Model):
    """A lead (问题线索) about a specific person, handed over to a receiving body."""

    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="leads"
    )
    person_name = models.CharField(_("反映对象"), max_length=50)
    person_position = models.CharField(_("职务"), max_length=200, blank=True)
    facts = models.TextField(_("主要问题"), blank=True)
    receiving_body = models.ForeignKey(
        Unit,
        verbose_name=_("移交机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=LeadStatus.choices,
        default=LeadStatus.REGISTERED,
        db_index=True,
    )
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True)
    report_back_due_on = models.DateField(_("反馈期限"), null=True, blank=True, db_index=True)
    reported_back_on = models.DateField(_("反馈日期"), null=True, blank=True)
    findings = models.ManyToManyField(
        Finding, verbose_name=_("相关问题"), blank=True, related_name="leads"
    )
    petitions = models.ManyToManyField(
        Petition, verbose_name=_("相关信访件"), blank=True, related_name="leads"
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["report_back_due_on", "id"]

    def __str__(self):
        return f"{self.station} · {self.person_name}"
