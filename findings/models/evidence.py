"""Working papers (问题底稿) with their evidence, and the light sources: talks and documents."""

import os
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from findings.models.finding import Finding
from findings.models.scope import group_records
from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import TEXT_LIMITS, no_control_characters
from tours.models import Station

# Accepted evidence: photos of documents taken on a phone, and PDF scans.
ALLOWED_EVIDENCE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "heic": "image/heic",
    "pdf": "application/pdf",
}


class SourceKind(models.TextChoices):
    PETITION = "petition", _("信访举报")
    TALK = "talk", _("个别谈话")
    DOCUMENT = "document", _("调阅资料")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    SPECIAL_CHECK = "special_check", _("专项检查")
    OTHER = "other", _("其他")


class PaperStatus(models.TextChoices):
    PREPARED = "prepared", _("已起草")
    REVIEWED = "reviewed", _("副组长已审核")
    SIGNED = "signed", _("组长已签字")


class WorkingPaperQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return group_records(self, user, "finding__station")


@audited()
class WorkingPaper(models.Model):
    finding = models.ForeignKey(
        Finding, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="working_papers"
    )
    number = models.CharField(_("底稿编号"), max_length=60, unique=True)
    prepared_on = models.DateField(_("形成日期"))
    source = models.CharField(
        _("来源"), max_length=20, choices=SourceKind.choices, default=SourceKind.DOCUMENT
    )
    facts_who = models.CharField(_("涉及人员"), max_length=300, validators=[no_control_characters])
    facts_what = models.TextField(
        _("具体事实"), max_length=TEXT_LIMITS["long"], validators=[no_control_characters]
    )
    facts_when = models.CharField(_("发生时间"), max_length=100, validators=[no_control_characters])
    status = models.CharField(
        _("签批状态"),
        max_length=20,
        choices=PaperStatus.choices,
        default=PaperStatus.PREPARED,
        db_index=True,
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人（副组长）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签字人（组长）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)

    objects = WorkingPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题底稿")
        verbose_name_plural = _("问题底稿")
        ordering = ["finding", "id"]

    def __str__(self):
        return self.number


def evidence_path(instance, filename):
    # A random name on disk, never the uploaded one: that is kept in original_name.
    extension = os.path.splitext(filename)[1].lower()
    return f"findings/evidence/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{extension}"


class EvidenceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return group_records(self, user, "working_paper__finding__station")


@audited()
class Evidence(models.Model):
    """An attachment kept outside the static files; downloaded only through a scoped view."""

    working_paper = models.ForeignKey(
        WorkingPaper, verbose_name=_("问题底稿"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(
        _("原文件名"), max_length=255, validators=[no_control_characters]
    )
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    description = models.CharField(
        _("说明"), max_length=300, blank=True, validators=[no_control_characters]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["working_paper", "id"]

    def __str__(self):
        return self.original_name


class StationRecordQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return group_records(self, user)


@audited()
class TalkRecord(models.Model):
    """An individual talk (个别谈话), recorded briefly as a source for findings."""

    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="talk_records"
    )
    talked_on = models.DateField(_("谈话日期"), db_index=True)
    interviewee_name = models.CharField(
        _("谈话对象"), max_length=50, validators=[no_control_characters]
    )
    interviewee_position = models.CharField(
        _("职务"), max_length=200, blank=True, validators=[no_control_characters]
    )
    summary = models.TextField(
        _("谈话要点"), max_length=TEXT_LIMITS["text"], validators=[no_control_characters]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("个别谈话记录")
        verbose_name_plural = _("个别谈话记录")
        ordering = ["-talked_on", "-id"]

    def __str__(self):
        return f"{self.talked_on} · {self.interviewee_name}"


@audited()
class DocumentRequest(models.Model):
    """Documents the group asked the unit for (调阅资料)."""

    station = models.ForeignKey(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="document_requests"
    )
    requested_on = models.DateField(_("调阅日期"), db_index=True)
    documents = models.TextField(
        _("调阅材料"), max_length=TEXT_LIMITS["text"], validators=[no_control_characters]
    )
    provided_by = models.CharField(
        _("提供部门"), max_length=200, blank=True, validators=[no_control_characters]
    )
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("调阅资料记录")
        verbose_name_plural = _("调阅资料记录")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"{self.requested_on} · {self.documents[:30]}"
