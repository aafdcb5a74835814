"""The office maintains the category taxonomy here. Case data (findings, papers, leads) is
not edited in the admin: its transitions go through findings.services and their role checks.
"""

from django.contrib import admin

from findings.models import Category, Discipline


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")

    def has_delete_permission(self, request, obj=None):
        # A category in use is retired (is_active = False), never deleted.
        return False


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
