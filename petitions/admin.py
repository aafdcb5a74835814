"""Admin: petitions read through their scoped manager; identities never shown.

Read only: petitions and transfers change through the services (registration numbers,
transitions, audit), never by editing rows here.
"""

from django.contrib import admin

from petitions.models import Petition, ReportedPerson, RevealLog, RevealReason, Transfer


class ReadOnlyAdmin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportedPersonInline(ReadOnlyAdmin, admin.TabularInline):
    model = ReportedPerson
    extra = 0


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = (
        "number",
        "station",
        "channel",
        "received_at",
        "status",
        "is_late",
        "routing_due_on",
    )
    list_filter = ("status", "channel", "is_late", "routing_class")
    search_fields = ("number",)
    readonly_fields = (
        "number",
        "year",
        "sequence",
        "registered_at",
        "registered_by",
        "is_named",
        "duplicate_of",
    )
    raw_id_fields = ("station",)
    inlines = [ReportedPersonInline]

    def get_queryset(self, request):
        return Petition.objects.visible_to(request.user)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = (
        "petition",
        "receiving_body",
        "letter_number",
        "sent_on",
        "reply_due_on",
        "status",
        "replied_on",
    )
    raw_id_fields = ("petition",)

    def get_queryset(self, request):
        return Transfer.objects.visible_to(request.user)


@admin.register(RevealLog)
class RevealLogAdmin(admin.ModelAdmin):
    list_display = ("revealed_at", "user", "petition", "kind", "purpose", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RevealReason)
class RevealReasonAdmin(admin.ModelAdmin):
    """The office keeps the list on its own page too (/petitions/reveal-reasons/)."""

    list_display = ("name", "is_active", "position")
    list_editable = ("is_active", "position")

    def has_delete_permission(self, request, obj=None):
        return False  # retired, never deleted: the log refers to them
