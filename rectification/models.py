"""Rectification plans and items (the three lists), progress and close-out, letters."""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from findings.models import Finding
from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters
from tours.models import Station


class StationScopedQuerySet(ScopedQuerySet):
    """Rows that belong to a station: the office reads all, a group its own stations', a
    unit liaison only their own unit's, officials nothing."""

    station_path = "station"

    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_official:
            return self.none()
        if user.is_liaison:
            return self.filter(**{f"{self.station_path}__unit_id": user.unit_id})
        return self.filter(**{f"{self.station_path}__in": Station.objects.visible_to(user)})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("待提交")
    SUBMITTED = "submitted", _("已提交待审核")
    RETURNED = "returned", _("已退回修改")
    APPROVED = "approved", _("已审核通过")


class PlanQuerySet(StationScopedQuerySet):
    pass


@audited()
class RectificationPlan(models.Model):
    """A station's rectification plan (整改方案) and the rectification report due after it."""

    station = models.OneToOneField(
        Station,
        verbose_name=_("进驻"),
        on_delete=models.PROTECT,
        related_name="rectification_plan",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    due_on = models.DateField(_("方案报送期限"), db_index=True)
    report_due_on = models.DateField(_("整改报告报送期限"), db_index=True)
    summary = models.TextField(
        _("整改方案"),
        blank=True,
        max_length=TEXT_LIMITS["long"],
        validators=[no_control_characters],
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(
        _("退回理由"),
        blank=True,
        max_length=TEXT_LIMITS["short"],
        validators=[no_control_characters],
    )
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    report_text = models.TextField(
        _("整改情况报告"),
        blank=True,
        max_length=TEXT_LIMITS["long"],
        validators=[no_control_characters],
    )
    report_submitted_on = models.DateField(_("整改报告报送日期"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改方案")
        verbose_name_plural = _("整改方案")
        ordering = ["due_on", "id"]
        indexes = [
            # The reminder sweep reads only plans still awaiting submission / the report.
            models.Index(
                fields=["due_on"],
                condition=models.Q(status__in=["draft", "returned"]),
                name="plan_due_open_idx",
            ),
            models.Index(
                fields=["report_due_on"],
                condition=models.Q(report_submitted_on__isnull=True),
                name="plan_report_due_open_idx",
            ),
        ]

    def __str__(self):
        return str(_("%(unit)s整改方案") % {"unit": self.station.unit.name})


class ItemStatus(models.TextChoices):
    OPEN = "open", _("未开始")
    IN_PROGRESS = "in_progress", _("整改中")
    CLOSURE_REQUESTED = "closure_requested", _("申请销号")
    CLOSED = "closed", _("已销号")


# Items the unit still has to work on: these get deadline reminders.
ACTIVE_ITEM_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


class ItemKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    TIME_BOUND = "time_bound", _("限时整改")
    LONG_TERM = "long_term", _("长期坚持")


class ItemResult(models.TextChoices):
    COMPLETED = "completed", _("已完成")
    BASICALLY_COMPLETED = "basically_completed", _("基本完成、持续推进")
    NOT_COMPLETED = "not_completed", _("未完成")


# ---- the two rules every list, figure, chart, rate and template shares ------------------
#
# completed: closed (销号) with the result "completed";
# overdue: not closed and the (current) deadline has passed, as of today.
# `prefix` reaches the items through a relation, e.g. "rectification_items__" from stations.


def _lookup(prefix, **lookups):
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


def closed_q(prefix: str = "") -> Q:
    return _lookup(prefix, status=ItemStatus.CLOSED)


def completed_q(prefix: str = "") -> Q:
    return closed_q(prefix) & _lookup(prefix, result=ItemResult.COMPLETED)


def overdue_q(today=None, prefix: str = "") -> Q:
    today = today or timezone.localdate()
    return ~closed_q(prefix) & _lookup(prefix, deadline__lt=today)


class ItemQuerySet(StationScopedQuerySet):
    def completed(self):
        return self.filter(completed_q())

    def overdue(self, today=None):
        return self.filter(overdue_q(today))

    def not_overdue(self, today=None):
        return self.exclude(overdue_q(today))

    def active(self):
        """Items the unit still has to work on: these get deadline reminders."""
        return self.filter(status__in=ACTIVE_ITEM_STATUSES)

    def with_flags(self, today=None):
        """`is_overdue` and `is_completed` on each row, for lists and templates."""
        return self.annotate(
            is_overdue=ExpressionWrapper(overdue_q(today), output_field=models.BooleanField()),
            is_completed=ExpressionWrapper(completed_q(), output_field=models.BooleanField()),
        )


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
    plan = models.ForeignKey(
        RectificationPlan,
        verbose_name=_("整改方案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    measures = models.TextField(
        _("整改措施"), max_length=TEXT_LIMITS["text"], validators=[no_control_characters]
    )
    deadline = models.DateField(_("完成时限"), db_index=True)
    original_deadline = models.DateField(_("原定完成时限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True
    )
    kind = models.CharField(
        _("整改类型"), max_length=20, choices=ItemKind.choices, default=ItemKind.TIME_BOUND
    )
    responsible_leader = models.CharField(
        _("责任领导"),
        max_length=TEXT_LIMITS["name"],
        blank=True,
        validators=[no_control_characters],
    )
    responsible_department = models.CharField(
        _("责任部门"),
        max_length=TEXT_LIMITS["title"],
        blank=True,
        validators=[no_control_characters],
    )
    responsible_person = models.CharField(
        _("责任人"),
        max_length=TEXT_LIMITS["name"],
        blank=True,
        validators=[no_control_characters],
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人账户"),
        help_text=_("接收到期提醒的系统用户（可不填，默认提醒本单位联络员）。"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_items",
    )
    acceptance_standard = models.TextField(
        _("验收标准"),
        blank=True,
        max_length=TEXT_LIMITS["text"],
        validators=[no_control_characters],
    )
    result = models.CharField(
        _("整改结果"), max_length=30, choices=ItemResult.choices, blank=True, db_index=True
    )
    closure_requested_on = models.DateField(_("申请销号日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    return_reason = models.TextField(
        _("退回理由"),
        blank=True,
        max_length=TEXT_LIMITS["short"],
        validators=[no_control_characters],
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "id"]
        indexes = [
            # Partial index for the reminder sweep: only active items, by deadline.
            models.Index(
                fields=["deadline"],
                condition=models.Q(status__in=["open", "in_progress"]),
                name="item_active_deadline_idx",
            ),
            models.Index(fields=["station", "status"], name="item_station_status_idx"),
        ]

    def __str__(self):
        return f"{self.finding} · {self.deadline}"


class ProgressQuerySet(StationScopedQuerySet):
    station_path = "item__station"


@audited()
class ProgressReport(models.Model):
    item = models.ForeignKey(
        RectificationItem,
        verbose_name=_("整改任务"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    text = models.TextField(
        _("进展情况"), max_length=TEXT_LIMITS["text"], validators=[no_control_characters]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.item_id} · {self.reported_at:%Y-%m-%d}"


class EvidenceQuerySet(StationScopedQuerySet):
    station_path = "progress__item__station"


def evidence_path(instance, filename):
    # Never the uploaded name: it may hold anything; the original is kept in a column.
    return f"rectification/evidence/{instance.progress.item_id}/{instance.sha256[:32]}"


@audited()
class Evidence(models.Model):
    progress = models.ForeignKey(
        ProgressReport,
        verbose_name=_("整改进展"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("佐证材料"), upload_to=evidence_path)
    original_name = models.CharField(
        _("文件名"), max_length=TEXT_LIMITS["title"], validators=[no_control_characters]
    )
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("校验值"), max_length=64)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class LetterKind(models.TextChoices):
    SUPERVISION = "supervision", _("督办函")
    REMINDER = "reminder", _("提示函")


class LetterQuerySet(StationScopedQuerySet):
    pass


@audited(m2m_fields=("items",))
class SupervisionLetter(models.Model):
    """A numbered supervision letter (督办函, with a new deadline) or reminder letter (提示函)."""

    kind = models.CharField(_("类型"), max_length=20, choices=LetterKind.choices, db_index=True)
    station = models.ForeignKey(
        Station,
        verbose_name=_("进驻"),
        on_delete=models.PROTECT,
        related_name="rectification_letters",
    )
    items = models.ManyToManyField(
        RectificationItem, verbose_name=_("涉及整改任务"), related_name="letters"
    )
    number = models.CharField(_("文号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    body = models.TextField(
        _("正文"), max_length=TEXT_LIMITS["text"], validators=[no_control_characters]
    )
    new_deadline = models.DateField(_("新的完成时限"), null=True, blank=True)
    issued_on = models.DateField(_("发文日期"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办/提示函")
        verbose_name_plural = _("督办/提示函")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.number
