"""Admin for reference data. Staffing and stations are planned on the round page (and the
API), where tours.services applies recusal and the plan rules; here they are read-only."""

from django.contrib import admin

from tours import models


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "region", "leader_name", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "region")
    autocomplete_fields = ("parent",)


class MemberInline(admin.TabularInline):
    model = models.Member
    fields = ("person", "role")
    readonly_fields = ("person", "role")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.InspectionGroup)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "round", "number")
    list_filter = ("round",)
    readonly_fields = ("round", "number")
    inlines = [MemberInline]

    def has_add_permission(self, request):
        return False


class RelationInline(admin.TabularInline):
    model = models.DeclaredRelation
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "home_unit", "title", "expertise")
    list_filter = ("expertise",)
    search_fields = ("name",)
    autocomplete_fields = ("home_unit", "user")
    inlines = [RelationInline]


@admin.register(models.Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "round", "batch", "status", "entry_on", "feedback_on")
    list_filter = ("round", "status")
    list_select_related = ("group", "unit", "round")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("__str__", "level", "starts_on", "ends_on")
    list_filter = ("level",)
    autocomplete_fields = ("units",)


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "term", "number", "kind", "batch_count", "mobilised_on")
    list_filter = ("term", "kind")
