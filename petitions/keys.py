"""Re-encryption of reporters' identities after a key rotation (`manage.py rotate_keys`).

Every identity is decrypted with whichever configured key opens it, re-encrypted under the
first key when another one was used, and its blind indexes are recomputed. With
`retire_old` the indexes are computed under the first key (the one that stays when the old
ones are removed from FIELD_ENCRYPTION_KEY); otherwise under the last configured key, as
registration does. Works in batches, each in its own transaction with its rows locked; a
second run changes nothing. Only key fingerprints and counts are logged, never a value.
With `check` nothing is written: the counts say what a run would do.
"""

import logging
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from cryptography.fernet import InvalidToken
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from inspection import crypto
from inspection.middleware import current_request_id
from petitions.models import ReporterIdentity

logger = logging.getLogger(__name__)

ENCRYPTED = ("name_enc", "phone_enc", "id_number_enc", "address_enc", "work_unit_enc")
# Blind index field: (encrypted field it indexes, purpose).
INDEXED = {
    "name_hash": ("name_enc", "name"),
    "phone_hash": ("phone_enc", "phone"),
    "id_number_hash": ("id_number_enc", "id_number"),
}


@dataclass
class Rotation:
    encrypting_key: str  # fingerprints, never keys
    index_key: str
    checked: int = 0
    reencrypted: int = 0
    reindexed: int = 0
    unchanged: int = 0
    failed: list[int] = field(default_factory=list)  # identity ids no configured key opens


def rotate_identities(
    *, retire_old: bool = False, batch_size: int = 500, check: bool = False
) -> Rotation:
    keys = crypto.configured_keys()
    index_key = keys[0] if retire_old else keys[-1]
    result = Rotation(crypto.fingerprint(keys[0]), crypto.fingerprint(index_key))
    content_type = ContentType.objects.get_for_model(ReporterIdentity)
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = (
                ReporterIdentity.objects.all()
                if check
                else ReporterIdentity.objects.select_for_update()
            )
            batch = list(rows.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            changed, entries = [], []
            for identity in batch:
                result.checked += 1
                try:
                    changes = _rotate(identity, keys[0], index_key)
                except InvalidToken:
                    result.failed.append(identity.pk)
                    continue
                if not changes:
                    result.unchanged += 1
                    continue
                result.reencrypted += "encryption_key" in changes
                result.reindexed += "blind_index_key" in changes
                changed.append(identity)
                entries.append(_audit_entry(content_type, identity, changes))
            if changed and not check:
                ReporterIdentity.objects.bulk_update(changed, [*ENCRYPTED, *INDEXED])
                LogEntry.objects.bulk_create(entries)
        logger.info(
            "key rotation: %d identities checked so far (%d re-encrypted, %d re-indexed, "
            "%d undecryptable)",
            result.checked,
            result.reencrypted,
            result.reindexed,
            len(result.failed),
        )
    logger.info(
        "key rotation %s: encrypting key %s, blind index key %s; %d checked, %d re-encrypted, "
        "%d re-indexed, %d unchanged, %d undecryptable",
        "checked (nothing written)" if check else "done",
        result.encrypting_key,
        result.index_key,
        result.checked,
        result.reencrypted,
        result.reindexed,
        result.unchanged,
        len(result.failed),
    )
    return result


def _rotate(identity, first_key: str, index_key: str) -> dict:
    """Bring one identity under the first key and the index key; the audit changes, if any."""
    plain, old_keys = {}, set()
    for name in ENCRYPTED:
        token = getattr(identity, name)
        if not token:
            plain[name] = ""
            continue
        key = crypto.key_of(token)
        plain[name] = crypto.decrypt(token)
        if key != first_key:
            old_keys.add(crypto.fingerprint(key))
            setattr(identity, name, crypto.encrypt(plain[name]))
    reindexed = False
    for name, (source, purpose) in INDEXED.items():
        value = crypto.blind_index(plain[source], purpose, key=index_key)
        if value != getattr(identity, name):
            setattr(identity, name, value)
            reindexed = True
    changes = {}
    if old_keys:
        changes["encryption_key"] = [",".join(sorted(old_keys)), crypto.fingerprint(first_key)]
    if reindexed:
        changes["blind_index_key"] = [None, crypto.fingerprint(index_key)]
    return changes


def _audit_entry(content_type, identity, changes) -> LogEntry:
    # Key fingerprints only: the ciphertext and hashes stay out of the audit log.
    return LogEntry(
        content_type=content_type,
        object_pk=str(identity.pk),
        object_id=identity.pk,
        object_repr=str(identity)[:200],
        action=LogEntry.Action.UPDATE,
        changes=changes,
        cid=current_request_id(),
        additional_data={"command": "rotate_keys"},
    )
