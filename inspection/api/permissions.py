"""API permission classes (kept free of view imports: DRF loads them from settings)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from inspection.permissions import acts


class ActingRoleForWrites(BasePermission):
    """Leadership and API clients read; every unsafe method answers 403 for them."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or acts(request.user)
