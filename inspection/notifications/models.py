"""Reminders (one per object, rule and tier), per-person notifications and daily digests."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inspection.scoping import ScopedQuerySet


class Reminder(models.Model):
    """One reminder per (rule, object, tier): the database refuses a second one."""

    rule = models.CharField(_("规则"), max_length=50)
    object_id = models.BigIntegerField(_("对象编号"))
    tier = models.CharField(_("提醒档次"), max_length=30)
    due_on = models.DateField(_("期限"))
    case_label = models.CharField(_("事项"), max_length=300)
    reason = models.CharField(_("提醒原因"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "object_id", "tier"], name="reminder_once_per_object_rule_tier"
            )
        ]

    def __str__(self):
        return f"{self.case_label} · {self.reason}"


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        # An inbox is personal: nobody, the office included, reads another person's.
        if self._anonymous_or_inactive(user):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A reminder delivered to one person: an inbox entry, mailed in that day's digest."""

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("提醒"), on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="notification_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unmailed_idx",
            ),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.reminder}"


class Digest(models.Model):
    """At most one digest email per person per day, claimed before it is sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("日期"))
    claimed_by = models.CharField(_("领取者"), max_length=64, null=True, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)

    class Meta:
        verbose_name = _("每日汇总邮件")
        verbose_name_plural = _("每日汇总邮件")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_per_day")
        ]

    def __str__(self):
        return f"{self.recipient} · {self.day}"


class SweepRun(models.Model):
    """The progress of one day's sweep: batches commit with it, so a rerun continues.

    The cursor is the last (rule, object id) committed; rules run in key order and objects in
    id order. `finished_at` says the day is done: a worker starting up re-queues a sweep whose
    day is not, and the day's digest waits while it runs.
    """

    day = models.DateField(_("日期"), unique=True)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最近进展"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    rule = models.CharField(_("进行到的规则"), max_length=50, blank=True, default="")
    after_id = models.BigIntegerField(_("进行到的对象编号"), default=0)
    runs = models.PositiveIntegerField(_("启动次数"), default=0)
    batches = models.PositiveIntegerField(_("已提交批次"), default=0)
    selected = models.PositiveIntegerField(_("已处理对象"), default=0)

    class Meta:
        verbose_name = _("提醒扫描")
        verbose_name_plural = _("提醒扫描")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)
