from django.contrib import admin

from tours import models


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "region")
    autocomplete_fields = ("parent",)


class MemberInline(admin.TabularInline):
    model = models.Member
    autocomplete_fields = ("person",)
    extra = 0


@admin.register(models.InspectionGroup)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "round", "number")
    list_filter = ("round",)
    inlines = [MemberInline]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "home_unit", "title", "expertise")
    search_fields = ("name",)
    autocomplete_fields = ("home_unit", "user")


@admin.register(models.Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "round", "status", "entry_on", "feedback_on")
    list_filter = ("round", "status")
    autocomplete_fields = ("unit",)


admin.site.register(models.Term)
admin.site.register(models.Round)
