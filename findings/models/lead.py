"""Leads about specific people (问题线索), their handover letters, disposal and report-back."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from findings.models.finding import Finding
from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters
from petitions.models import Petition
from tours.models import Station, Unit


class LeadStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    APPROVED = "approved", _("已审批")
    HANDED_OVER = "handed_over", _("已移交")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    IN_DISPOSAL = "in_disposal", _("处置中")
    REPORTED_BACK = "reported_back", _("已反馈结果")
    CLOSED = "closed", _("已办结")


class CadreLevel(models.TextChoices):
    CENTRAL = "central", _("中管干部")
    PROVINCIAL = "provincial", _("省管干部")
    CITY = "city", _("市管干部")
    COUNTY = "county", _("县管干部")
    OTHER = "other", _("其他人员")


class DisposalMethod(models.TextChoices):
    TALK_OR_LETTER = "talk_or_letter", _("谈话函询")
    PRELIMINARY = "preliminary", _("初步核实")
    SHELVED = "shelved", _("暂存待查")
    CLOSED = "closed", _("予以了结")
    CASE_OPENED = "case_opened", _("立案审查调查")
    ORGANISATIONAL = "organisational", _("组织处理")


class OutcomeForm(models.IntegerChoices):
    """The four forms (四种形态), mildest to gravest."""

    FIRST = 1, _("第一种形态")
    SECOND = 2, _("第二种形态")
    THIRD = 3, _("第三种形态")
    FOURTH = 4, _("第四种形态")


# Counts per measure recorded with the outcome.
MEASURE_FIELDS = (
    "criticism_count",
    "admonishment_count",
    "sanction_count",
    "case_filed_count",
    "judicial_transfer_count",
)


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

    def awaiting_report_back(self):
        """Handed over and not yet reported back: the leads whose deadline runs."""
        return self.filter(handed_over_on__isnull=False, reported_back_on__isnull=True)

    def overdue(self, today=None):
        """Handed over, not reported back, and past the due date: one SQL condition."""
        return self.filter(self.overdue_q(today))

    @staticmethod
    def overdue_q(today=None, prefix=""):
        today = today or timezone.localdate()
        return Q(
            **{
                f"{prefix}handed_over_on__isnull": False,
                f"{prefix}reported_back_on__isnull": True,
                f"{prefix}report_back_due_on__lt": today,
            }
        )

    def for_list(self):
        return self.select_related(
            "station__group", "station__unit", "receiving_body", "handover_letter"
        )


@audited(m2m_fields=("findings", "petitions"))
class Lead(models.Model):
    """A lead (问题线索) about a specific person, handed over to a receiving body."""

    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="leads"
    )
    person_name = models.CharField(_("反映对象"), max_length=50, validators=[no_control_characters])
    person_position = models.CharField(
        _("职务"), max_length=200, blank=True, validators=[no_control_characters]
    )
    person_unit = models.CharField(
        _("工作单位"), max_length=200, blank=True, validators=[no_control_characters]
    )
    cadre_level = models.CharField(
        _("干部管理权限"),
        max_length=20,
        choices=CadreLevel.choices,
        default=CadreLevel.OTHER,
        db_index=True,
    )
    facts = models.TextField(
        _("主要问题"),
        max_length=TEXT_LIMITS["text"],
        blank=True,
        validators=[no_control_characters],
    )
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
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    handover_letter = models.ForeignKey(
        "findings.HandoverLetter",
        verbose_name=_("移交函"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True, db_index=True)
    report_back_due_on = models.DateField(_("反馈期限"), null=True, blank=True, db_index=True)
    acknowledged_on = models.DateField(_("签收日期"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposal_method = models.CharField(
        _("处置方式"), max_length=20, choices=DisposalMethod.choices, blank=True, db_index=True
    )
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    outcome_form = models.PositiveSmallIntegerField(
        _("运用形态"), choices=OutcomeForm.choices, null=True, blank=True, db_index=True
    )
    criticism_count = models.PositiveSmallIntegerField(_("批评教育（人次）"), default=0)
    admonishment_count = models.PositiveSmallIntegerField(_("诫勉（人次）"), default=0)
    sanction_count = models.PositiveSmallIntegerField(_("党纪政务处分（人次）"), default=0)
    case_filed_count = models.PositiveSmallIntegerField(_("立案（人次）"), default=0)
    judicial_transfer_count = models.PositiveSmallIntegerField(_("移送司法机关（人次）"), default=0)
    outcome_summary = models.TextField(
        _("办理结果"),
        max_length=TEXT_LIMITS["text"],
        blank=True,
        validators=[no_control_characters],
    )
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
        indexes = [
            # The officials' queue and the overdue sweep: body, then due date.
            models.Index(fields=["receiving_body", "report_back_due_on"], name="lead_body_due"),
        ]

    def __str__(self):
        return f"{self.station} · {self.person_name}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.handed_over_on
            and not self.reported_back_on
            and self.report_back_due_on
            and self.report_back_due_on < today
        )


class LetterQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_liaison:
            return self.none()
        if user.is_official:
            return self.filter(receiving_body_id=user.unit_id)
        mine = Lead.objects.visible_to(user).filter(handover_letter=OuterRef("pk"))
        return self.filter(Exists(mine))


@audited()
class HandoverLetter(models.Model):
    """A numbered letter (移交函) carrying one or more leads to one receiving body."""

    number = models.CharField(_("移交函编号"), max_length=60, unique=True)
    receiving_body = models.ForeignKey(
        Unit, verbose_name=_("移交机关"), on_delete=models.PROTECT, related_name="handover_letters"
    )
    sent_on = models.DateField(_("移交日期"), db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("线索移交函")
        verbose_name_plural = _("线索移交函")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return self.number
