from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from inspection.accounts.models import ApiToken, SignInLockout, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "full_name")
    autocomplete_fields = ("unit", "supervisor")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("角色"), {"fields": ("full_name", "role", "unit", "phone", "supervisor")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Office staff can see who holds tokens and revoke one; secrets are never shown."""

    list_display = (
        "name",
        "user",
        "hint",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "user__full_name", "hint")
    fields = ("user", "name", "hint", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = ("user", "name", "hint", "created_at", "last_used_at", "expires_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are made by their owner, on the "API 令牌" page

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()  # one by one, so each revocation is audited


@admin.register(SignInLockout)
class SignInLockoutAdmin(admin.ModelAdmin):
    """Read-only: lockouts are written when django-axes locks, never by hand."""

    list_display = ("locked_at", "username", "user", "ip_address", "scope", "failures")
    list_filter = ("scope",)
    search_fields = ("username", "ip_address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
