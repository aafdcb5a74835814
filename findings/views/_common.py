"""Helpers shared by the findings pages."""

from django.contrib import messages
from django.utils.translation import gettext as _


def form_errors(request, form):
    """Form errors as messages, each naming its field (for forms posted from a detail page)."""
    for field, field_errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in field_errors:
            text = _("%(label)s：%(message)s") % {"label": label, "message": message}
            messages.error(request, text if label else message)


def available(flow, user, obj):
    """{transition name: transition} the user may run on `obj` now (for the page's buttons)."""
    return {t.name: t for t in flow.available(user, obj)}
