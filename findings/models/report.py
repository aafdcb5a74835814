"""A station's inspection report (巡视报告) and the feedback given to the unit (反馈)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inspection.audit.registry import audited
from inspection.scoping import ScopedQuerySet
from inspection.validation import no_control_characters
from tours.models import Station


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    APPROVED = "approved", _("已审议通过")
    FED_BACK = "fed_back", _("已反馈")


class ReportQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if self._anonymous_or_inactive(user):
            return self.none()
        if user.sees_office_wide:
            return self.all()
        if user.is_official:
            return self.none()
        if user.is_liaison:
            # The unit receives the feedback opinion, never the draft.
            return self.filter(station__unit_id=user.unit_id, status=ReportStatus.FED_BACK)
        return self.filter(station__in=Station.objects.visible_to(user))


@audited()
class Report(models.Model):
    station = models.OneToOneField(
        Station, verbose_name=_("进驻"), on_delete=models.PROTECT, related_name="findings_report"
    )
    number = models.CharField(_("报告编号"), max_length=60, unique=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    drafted_on = models.DateField(_("起草日期"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("审议日期"), null=True, blank=True)
    approving_body = models.CharField(
        _("审议机构"), max_length=200, blank=True, validators=[no_control_characters]
    )
    fed_back_on = models.DateField(_("反馈日期"), null=True, blank=True)
    fed_back_to = models.CharField(
        _("反馈对象"), max_length=200, blank=True, validators=[no_control_characters]
    )
    feedback_number = models.CharField(_("反馈意见编号"), max_length=60, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡视报告")
        verbose_name_plural = _("巡视报告")
        ordering = ["-drafted_on", "-id"]

    def __str__(self):
        return self.number
