"""Petitions and reports (信访举报) received by a station or the office."""

import os

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.disciplines import Discipline
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters
from tours.models import Station, Unit


def _text(kind):
    """max_length and validators of a free-text TextField (Django checks neither by itself)."""
    limit = TEXT_LIMITS[kind]
    return {"max_length": limit, "validators": [MaxLengthValidator(limit), no_control_characters]}


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


# Statuses in which the routing deadline still runs.
OPEN_STATUSES = (PetitionStatus.REGISTERED, PetitionStatus.ASSESSING)
OUTCOME_STATUSES = (
    PetitionStatus.HANDLED_BY_GROUP,
    PetitionStatus.TRANSFERRED,
    PetitionStatus.FILED_FOR_REFERENCE,
    PetitionStatus.DUPLICATE,
)


class RoutingClass(models.TextChoices):
    ACCUSATION = "accusation", _("检举控告（转纪委监委）")
    ORGANISATION = "organisation", _("选人用人和组织问题（转组织部）")
    LIVELIHOOD = "livelihood", _("民生诉求或涉法涉诉（转主管部门）")
    SUGGESTION = "suggestion", _("意见建议")
    NO_SUBSTANCE = "no_substance", _("无实质内容")
    DUPLICATE = "duplicate", _("重复件")


class CadreLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省部级")
    BUREAU = "bureau", _("厅局级")
    DIVISION = "division", _("县处级")
    SECTION = "section", _("乡科级")
    OTHER = "other", _("其他")


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

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue_for_routing(self, today):
        return self.filter(routing_overdue_q(today))

    def with_routing_overdue(self, today=None):
        """Each row carries `routing_overdue` (the same rule as `overdue_for_routing`)."""
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.annotate(
            routing_overdue=models.ExpressionWrapper(
                routing_overdue_q(today), output_field=models.BooleanField()
            )
        )


def routing_overdue_q(today):
    """Still open (not yet routed) and past its routing deadline: the one rule for overdue."""
    return models.Q(status__in=OPEN_STATUSES, routing_due_on__lt=today)


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
    year = models.PositiveSmallIntegerField(_("登记年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("年度序号"), null=True, blank=True)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices, db_index=True)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_named = models.BooleanField(_("实名"), default=False, db_index=True)
    summary = models.CharField(
        _("摘要"), max_length=TEXT_LIMITS["short"], validators=[no_control_characters]
    )
    content = models.TextField(
        _("内容"),
        blank=True,
        **_text("long"),
    )
    status = models.CharField(
        _("状态"),
        max_length=30,
        choices=PetitionStatus.choices,
        default=PetitionStatus.REGISTERED,
        db_index=True,
    )
    is_late = models.BooleanField(_("超过受理截止日期"), default=False, db_index=True)
    routing_due_on = models.DateField(_("分办期限"), null=True, blank=True, db_index=True)
    in_scope = models.BooleanField(_("属于巡视范围"), null=True, blank=True)
    routing_class = models.CharField(
        _("分类"), max_length=20, choices=RoutingClass.choices, blank=True, db_index=True
    )
    triage_note = models.TextField(
        _("研判意见"),
        blank=True,
        **_text("text"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复件的原件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    routed_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    conclusion = models.TextField(
        _("办结情况"),
        blank=True,
        **_text("text"),
    )

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访举报件")
        verbose_name_plural = _("信访举报件")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["station", "year", "sequence"], name="petition_station_seq"),
            models.Index(fields=["status", "routing_due_on"], name="petition_queue"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@audited()
class PetitionDiscipline(models.Model):
    """One of the six disciplines a petition concerns (child rows: filterable, indexed).

    The codes are `inspection.disciplines.Discipline`, the one list shared with findings.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="discipline_rows")
    discipline = models.CharField(_("违反纪律"), max_length=20, choices=Discipline.choices)

    class Meta:
        verbose_name = _("涉及纪律")
        verbose_name_plural = _("涉及纪律")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "discipline"], name="petition_discipline_unique"
            )
        ]
        indexes = [models.Index(fields=["discipline", "petition"], name="petition_disc_idx")]

    def __str__(self):
        return self.get_discipline_display()


class ReportedPersonQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(petition__in=Petition.objects.visible_to(user))


@audited()
class ReportedPerson(models.Model):
    """Someone a petition reports on (被反映人)."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("信访件"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("姓名"), max_length=50, validators=[no_control_characters])
    position = models.CharField(
        _("职务"), max_length=100, blank=True, validators=[no_control_characters]
    )
    unit_name = models.CharField(
        _("单位"), max_length=200, blank=True, validators=[no_control_characters]
    )
    cadre_level = models.CharField(
        _("干部层级"), max_length=20, choices=CadreLevel.choices, blank=True
    )

    objects = ReportedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("被反映人")
        verbose_name_plural = _("被反映人")
        indexes = [models.Index(fields=["name", "unit_name"], name="reported_person_name_unit")]

    def __str__(self):
        return self.name


@audited(
    exclude_fields=(
        "name_enc",
        "phone_enc",
        "id_number_enc",
        "address_enc",
        "work_unit_enc",
        "name_hash",
        "phone_hash",
        "id_number_hash",
    )
)
class ReporterIdentity(models.Model):
    """A named reporter's identity, encrypted at rest (see inspection.crypto).

    Kept apart from the petition so no list, serializer or export can include it by
    accident; read only through petitions.services.reveal_identity, which logs the reveal.
    """

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="reporter", verbose_name=_("信访件")
    )
    name_enc = models.TextField(blank=True)
    phone_enc = models.TextField(blank=True)
    id_number_enc = models.TextField(blank=True)
    address_enc = models.TextField(blank=True)
    work_unit_enc = models.TextField(blank=True)
    name_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("举报人身份信息")
        verbose_name_plural = _("举报人身份信息")

    def __str__(self):
        return str(_("举报人（已加密）"))


class RevealReasonQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # The list of purposes is no secret: every signed-in user may read it.
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.all()

    def active(self):
        return self.filter(is_active=True)


@audited()
class RevealReason(models.Model):
    """A purpose for revealing a reporter's identity, from the list the office keeps."""

    name = models.CharField(
        _("事由"), max_length=TEXT_LIMITS["name"], unique=True, validators=[no_control_characters]
    )
    is_active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RevealReasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("查看事由")
        verbose_name_plural = _("查看事由")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class RevealKind(models.TextChoices):
    IDENTITY = "identity", _("举报人身份")
    SAME_REPORTER = "same_reporter", _("同一举报人的信访件")


class RevealLogQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user) or not user.is_office_staff:
            return self.none()
        return self.all()


class RevealLog(models.Model):
    """Who saw a reporter's identity, when, why, for which petition. Never edited."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("信访件"), on_delete=models.PROTECT, related_name="reveals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revealed_at = models.DateTimeField(_("查看时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(
        _("查看内容"), max_length=20, choices=RevealKind.choices, default=RevealKind.IDENTITY
    )
    purpose = models.ForeignKey(
        RevealReason,
        verbose_name=_("查看事由"),
        on_delete=models.PROTECT,
        null=True,  # reveals logged before the list existed have none
        blank=True,
        related_name="+",
    )
    reason = models.TextField(
        _("情况说明"),
        **_text("short"),
    )

    objects = RevealLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("身份查看记录")
        verbose_name_plural = _("身份查看记录")
        ordering = ["-revealed_at", "-id"]
        indexes = [models.Index(fields=["user", "revealed_at"], name="reveallog_user_day_idx")]

    def __str__(self):
        return f"{self.petition} · {self.user} · {self.revealed_at:%Y-%m-%d %H:%M}"


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("来信扫描件")
    AUDIO = "audio", _("录音")
    OTHER = "other", _("其他材料")


def _attachment_path(instance, filename):
    # No user-supplied name on disk: the original name is kept in the row.
    ext = os.path.splitext(filename)[1].lower()
    return f"petitions/{instance.petition_id}/{os.urandom(12).hex()}{ext}"


class AttachmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(petition__in=Petition.objects.visible_to(user))


@audited()
class Attachment(models.Model):
    petition = models.ForeignKey(
        Petition, verbose_name=_("信访件"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to=_attachment_path)
    original_name = models.CharField(
        _("原文件名"), max_length=200, validators=[no_control_characters]
    )
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.original_name


class TransferStatus(models.TextChoices):
    SENT = "sent", _("已转出")
    REPLIED = "replied", _("已回复")


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
    letter_number = models.CharField(
        _("转办函编号"), max_length=60, blank=True, validators=[no_control_characters]
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.SENT,
        db_index=True,
    )
    sent_on = models.DateField(_("转出日期"))
    reply_due_on = models.DateField(_("回复期限"), db_index=True)
    notice_due_on = models.DateField(
        _("告知实名举报人期限"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("实名检举控告转交后，受理告知的期限（工作日计算）。"),
    )
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"{self.petition} → {self.receiving_body}"
