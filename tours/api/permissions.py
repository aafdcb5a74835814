from rest_framework.permissions import SAFE_METHODS, BasePermission


class OfficeWritesOthersRead(BasePermission):
    """Everyone signed in reads what their scope shows; only office staff change plans."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_office_staff
