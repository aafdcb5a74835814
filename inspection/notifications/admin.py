from django.contrib import admin

from inspection.notifications.models import Digest, Reminder, SweepRun


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("case_label", "rule", "tier", "due_on", "created_at")
    list_filter = ("rule",)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("recipient", "day", "sent_at", "attempts")


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ("day", "started_at", "updated_at", "finished_at", "runs", "batches", "selected")
    readonly_fields = (*list_display, "rule", "after_id")
