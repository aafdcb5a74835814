"""Change logging for case data, on django-auditlog.

Decorate every case model with `@audited(...)`: creates, updates and deletes (and changes to
the named many-to-many fields) are recorded with the actor, the time, the request id and the
before/after value of each changed field. Secrets (ciphertext, keyed hashes) are excluded.

Bulk paths (`bulk_create`, `QuerySet.update`) send no model signals; services that use them
write their entries with `log_bulk_create`/`log_bulk_update` in the same transaction.
"""

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType

from inspection.middleware import current_request_id


def audited(*, m2m_fields=(), exclude_fields=(), mask_fields=()):
    def register(model):
        auditlog.register(
            model,
            m2m_fields=set(m2m_fields),
            exclude_fields=list(exclude_fields),
            mask_fields=list(mask_fields),
            serialize_data=False,
        )
        return model

    return register


def _actor():
    """The actor auditlog's middleware (or `auditlog.context.set_actor`) put in context."""
    return (auditlog_value.get(None) or {}).get("actor")


def log_bulk_create(objects, fields, actor=None):
    """One create entry per object, written in one INSERT (no per-row round trips)."""
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0].__class__)
    actor = actor or _actor()
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=str(obj)[:200],
            action=LogEntry.Action.CREATE,
            changes={f: [None, _plain(getattr(obj, f))] for f in fields},
            actor=actor,
            cid=current_request_id(),
        )
        for obj in objects
    ]
    return LogEntry.objects.bulk_create(entries)


def log_bulk_update(objects, before: dict, fields, actor=None):
    """Update entries for objects changed in bulk; `before[pk][field]` holds old values."""
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0].__class__)
    actor = actor or _actor()
    entries = []
    for obj in objects:
        old = before.get(obj.pk, {})
        changes = {
            f: [_plain(old.get(f)), _plain(getattr(obj, f))]
            for f in fields
            if _plain(old.get(f)) != _plain(getattr(obj, f))
        }
        if changes:
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(obj.pk),
                    object_id=obj.pk if isinstance(obj.pk, int) else None,
                    object_repr=str(obj)[:200],
                    action=LogEntry.Action.UPDATE,
                    changes=changes,
                    actor=actor,
                    cid=current_request_id(),
                )
            )
    return LogEntry.objects.bulk_create(entries)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return None if value is None else str(value)
    return str(getattr(value, "pk", value))
