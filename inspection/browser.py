"""One path from a browser form to a service, mirroring inspection.api.actions.

    finding = run_service(request, services.approve_finding, finding, form=form)
    if finding is not None: ...

The service gets the acting user first. A refusal by input (ValidationError) is shown next
to the form's fields (fields the form lacks go to the top of the form, or to the page's
messages when there is no form); a refusal by state (StateConflict) is shown as a message
saying the case changed meanwhile; a refusal by role (PermissionDenied) is a 403 page: the
button was not offered, so the request did not come from this user's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from inspection.scoping import scoped
from inspection.workflow import StateConflict

FAILED = None


def visible_or_404(queryset_or_model, request, pk):
    """The object if the user may see it; 404 otherwise (never 403: existence is secret)."""
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    return get_object_or_404(scoped(queryset.all(), request.user), pk=pk)


def run_service(request, service, *args, form=None, field_map=None, **kwargs):
    """Run `service(request.user, *args, **kwargs)`; on refusal return None and show why."""
    try:
        return service(request.user, *args, **kwargs)
    except ValidationError as exc:
        show_errors(request, exc, form=form, field_map=field_map)
    except StateConflict as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
    return FAILED


def show_errors(request, exc: ValidationError, form=None, field_map=None):
    field_map = field_map or {}
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_messages in errors.items():
        field = field_map.get(field, field)
        if form is not None:
            form.add_error(field if field in form.fields else None, field_messages)
        else:
            for message in field_messages:
                messages.error(request, message)


def require_somewhere(request, permission):
    """403 unless the user may `permission` on one of the containers its app declared (e.g.
    the stations a create form offers). A create page is then refused, before its form, to a
    role that could not submit it anywhere; the service asks again for the station chosen."""
    from django.core.exceptions import PermissionDenied

    from inspection.permissions import may_somewhere

    if not may_somewhere(request.user, permission):
        raise PermissionDenied
