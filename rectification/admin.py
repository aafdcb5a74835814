from django.contrib import admin

from rectification.models import (
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)


@admin.register(RectificationPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("station", "status", "due_on", "report_due_on", "return_count")
    list_filter = ("status",)


@admin.register(RectificationItem)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("finding", "station", "deadline", "status", "result", "return_count")
    list_filter = ("status", "kind", "result")
    raw_id_fields = ("station", "finding", "plan", "responsible_user")


@admin.register(ProgressReport)
class ProgressAdmin(admin.ModelAdmin):
    list_display = ("item", "reported_by", "reported_at")
    raw_id_fields = ("item",)


@admin.register(SupervisionLetter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "station", "issued_on", "new_deadline")
    list_filter = ("kind",)
