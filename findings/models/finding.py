"""A problem the group found (发现问题) at a station."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from findings.models.taxonomy import Category, Discipline
from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters
from petitions.models import Petition
from tours.models import Station


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


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class ResponsibleKind(models.TextChoices):
    LEADERSHIP = "leadership", _("领导班子")
    DEPARTMENT = "department", _("部门")
    PERSON = "person", _("个人")


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

    def fed_back(self):
        """Findings the unit has received: fed back, under rectification or rectified."""
        return self.filter(status__in=FED_BACK_STATUSES)

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("station__group", "station__unit", "category").prefetch_related(
            "disciplines"
        )


@audited(m2m_fields=("disciplines", "petitions", "talks", "document_requests"))
class Finding(models.Model):
    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="findings"
    )
    title = models.CharField(_("问题"), max_length=300, validators=[no_control_characters])
    description = models.TextField(
        _("问题描述"),
        max_length=TEXT_LIMITS["text"],
        blank=True,
        validators=[no_control_characters],
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=FindingStatus.choices,
        default=FindingStatus.DRAFT,
        db_index=True,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("问题类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    disciplines = models.ManyToManyField(
        Discipline, verbose_name=_("涉及纪律"), blank=True, related_name="findings"
    )
    severity = models.CharField(
        _("严重程度"),
        max_length=20,
        choices=Severity.choices,
        default=Severity.GENERAL,
        db_index=True,
    )
    responsible_kind = models.CharField(
        _("责任主体类型"),
        max_length=20,
        choices=ResponsibleKind.choices,
        default=ResponsibleKind.LEADERSHIP,
    )
    responsible_name = models.CharField(
        _("责任主体"), max_length=200, blank=True, validators=[no_control_characters]
    )
    # Sources (问题来源): linked records, plus the kinds of work that have no record here.
    petitions = models.ManyToManyField(
        Petition, verbose_name=_("来源信访件"), blank=True, related_name="source_findings"
    )
    talks = models.ManyToManyField(
        "findings.TalkRecord", verbose_name=_("来源谈话"), blank=True, related_name="findings"
    )
    document_requests = models.ManyToManyField(
        "findings.DocumentRequest",
        verbose_name=_("来源调阅资料"),
        blank=True,
        related_name="findings",
    )
    from_questionnaire = models.BooleanField(_("来源于问卷调查"), default=False)
    from_special_check = models.BooleanField(_("来源于专项检查"), default=False)
    immediate_rectification = models.BooleanField(_("立行立改"), default=False, db_index=True)
    rectification_notice_number = models.CharField(
        _("立行立改通知编号"), max_length=60, blank=True, validators=[no_control_characters]
    )
    rectify_by = models.DateField(_("立行立改期限"), null=True, blank=True)
    report = models.ForeignKey(
        "findings.Report",
        verbose_name=_("巡视报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, null=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["station", "id"]
        indexes = [models.Index(fields=["station", "status"], name="finding_station_status")]

    def __str__(self):
        return self.title
