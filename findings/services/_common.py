"""Helpers shared by the findings services: numbers, audited bulk updates, related records."""

import contextlib

from auditlog.context import auditlog_value, set_actor
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from findings import conf
from inspection.audit.registry import log_bulk_update
from inspection.numbering import format_number, next_number
from inspection.validation import check_count


def number(kind, day):
    """The next number of `kind` for `day`'s year (inside the caller's transaction)."""
    value = next_number(f"findings:{kind}", day.year)
    return format_number(conf.number_prefix(kind), day.year, value)


def bulk_set(queryset, actor, **values):
    """Update rows in one statement and write one audit entry per changed row.

    The actor is passed explicitly: outside a request the audit context may still hold the
    user of an earlier request (django-auditlog never resets it).
    """
    fields = list(values)
    rows = list(queryset.only("pk", "title", *fields))
    before = {row.pk: {f: getattr(row, f) for f in fields} for row in rows}
    queryset.model.objects.filter(pk__in=[row.pk for row in rows]).update(**values)
    for row in rows:
        for field, value in values.items():
            setattr(row, field, value)
    log_bulk_update(rows, before, fields, actor=actor)
    return len(rows)


def set_related(obj, relations, names, limit_key="relations"):
    """Link records of the object's own station (capped per relation)."""
    for name in names:
        if relations.get(name) is None:
            continue
        items = list(relations[name])
        check_count(items, "disciplines" if name == "disciplines" else limit_key, name)
        stray = [
            item for item in items if getattr(item, "station_id", obj.station_id) != obj.station_id
        ]
        if stray:
            raise ValidationError({name: [_("只能关联本进驻的记录。")]})
        getattr(obj, name).set(items)


@contextlib.contextmanager
def acting(user):
    """Audit entries written inside are credited to `user`, in a request or not (a service
    moving several rows may run from a task or a command, where no middleware sets the actor).
    """
    # set_actor leaves its value in the context, and an enclosing set_actor (the request's)
    # would then disconnect the wrong receiver: restore the enclosing value afterwards.
    token = auditlog_value.set(auditlog_value.get(None))
    try:
        with set_actor(user):
            yield
    finally:
        auditlog_value.reset(token)
