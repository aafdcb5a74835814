from django.contrib import admin

from inspection.notifications.models import Digest, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("case_label", "rule", "tier", "due_on", "created_at")
    list_filter = ("rule",)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("recipient", "day", "sent_at", "attempts")
