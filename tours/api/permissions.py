from rest_framework.permissions import SAFE_METHODS, BasePermission

from inspection.permissions import may


class AsksTheServicePermission(BasePermission):
    """Each write action asks, before its body is read, the permission its service asks.

    `view.write_permissions` maps an action to a permission of tours/permissions.py; the
    object actions ask it of the object (found in the caller's scope first, else 404). A write
    action that names no permission is refused, so nothing is writable by omission.
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or view.action is None:
            return True  # (no action: the method is not allowed here, answered as 405)
        permission = view.write_permissions.get(view.action)
        if permission is None:
            return False
        return view.detail or may(request.user, permission)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        permission = view.write_permissions.get(view.action)
        return permission is not None and may(request.user, permission, obj)
