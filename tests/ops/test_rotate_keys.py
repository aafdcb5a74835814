"""`manage.py rotate_keys`: after it, the old key can leave the configuration.

The operator's procedure (docs/operations.md, "Key rotation"): prepend the new key, run
`rotate_keys --retire-old`, configure the new key alone, run `rotate_keys` once more.
"""

import base64
import io
import json
import logging

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection import crypto
from petitions.duplicates import same_reporter_ids
from petitions.models import Petition, ReporterIdentity, RevealReason
from petitions.services import reveal_identity
from tests.petitions.helpers import register

NEW_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
PHONE = "139-2222-3333"


def _purpose():
    return RevealReason.objects.get_or_create(name="核实举报内容需联系举报人")[0]


def _reporter_matches(user, petition):
    # The blind-index match itself (what a logged reveal shows), among what the user sees.
    return set(same_reporter_ids(petition, Petition.objects.visible_to(user)))


def _rotate(*args):
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_lets_the_old_key_go(users, settings, caplog):
    caplog.set_level(logging.DEBUG)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    w = users
    first = register(
        w.office, w.station_a, "来信反映甲", reporter={"name": "周 五", "phone": PHONE}
    )
    second = register(
        w.office, w.station_b, "来信反映乙", reporter={"name": "周五", "phone": "13922223333"}
    )
    others = [
        register(
            w.office,
            w.station_a,
            f"来电反映{n}",
            reporter={"name": f"证人{n}", "id_number": f"51010019800101{n:04d}"},
        )
        for n in range(3)
    ]
    register(w.office, w.station_a, "匿名来信")  # no identity at all
    assert _reporter_matches(w.office, second) == {first.pk}

    # 1. The new key goes first; the old one still decrypts and still keys the indexes.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, old_key]
    # A check run says what would change and writes nothing.
    before = list(ReporterIdentity.objects.order_by("pk").values_list("phone_enc", "name_hash"))
    assert "重新加密 5 条，重算盲索引 5 条" in _rotate("--retire-old", "--check")
    after = list(ReporterIdentity.objects.order_by("pk").values_list("phone_enc", "name_hash"))
    assert after == before
    # 2. Rotate, in batches of two (three batches for five identities).
    output = _rotate("--retire-old", "--batch-size", "2")
    assert (
        "举报人身份信息 5 条：重新加密 5 条，重算盲索引 5 条，无需改动 0 条，无法解密 0 条"
        in output
    )
    assert crypto.fingerprint(NEW_KEY) in output and old_key not in output

    # 3. The old key leaves the configuration.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    for identity in ReporterIdentity.objects.all():
        assert crypto.key_of(identity.phone_enc or identity.id_number_enc) == NEW_KEY
    assert reveal_identity(w.office, first, _purpose(), "核实举报内容")["phone"] == PHONE
    assert (
        reveal_identity(w.office, others[2], _purpose(), "核实举报内容")["id_number"]
        == "510100198001010002"
    )
    assert _reporter_matches(w.office, second) == {first.pk}
    # A reporter registered now is matched by the recomputed indexes.
    third = register(w.office, w.station_a, "来电反映丙", reporter={"name": "周五", "phone": PHONE})
    assert _reporter_matches(w.office, third) == {first.pk, second.pk}

    # 4. Run again with the final configuration: nothing left to do (idempotent).
    assert "重新加密 0 条，重算盲索引 0 条，无需改动 6 条" in _rotate()

    # Audited with key fingerprints only: no value, ciphertext or index in the trail or logs.
    entries = LogEntry.objects.filter(changes__has_key="encryption_key")
    assert entries.count() == 5
    trail = json.dumps(list(entries.values_list("changes", flat=True)), ensure_ascii=False)
    assert crypto.fingerprint(NEW_KEY) in trail and crypto.fingerprint(old_key) in trail
    for secret in ("周五", "周 五", "13922223333", "2222", "证人", old_key, NEW_KEY):
        assert secret not in trail and secret not in caplog.text
    identity = ReporterIdentity.objects.get(petition=first)
    for value in (identity.phone_enc, identity.phone_hash):
        assert value not in trail and value not in caplog.text


@pytest.mark.django_db
def test_an_identity_registered_between_rotation_and_removal_is_caught_up(users, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    w = users
    first = register(w.office, w.station_a, "来信反映甲", reporter={"name": "吴六", "phone": PHONE})
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, old_key]
    _rotate("--retire-old")
    # The web process still runs with both keys: this row is indexed under the old key.
    late = register(w.office, w.station_a, "来信反映乙", reporter={"name": "吴六", "phone": PHONE})
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert _reporter_matches(w.office, late) == set()  # stale index
    assert "重新加密 0 条，重算盲索引 1 条，无需改动 1 条" in _rotate()
    assert _reporter_matches(w.office, late) == {first.pk}


@pytest.mark.django_db
def test_an_identity_no_key_opens_stops_the_retirement(users, settings):
    register(users.office, users.station_a, "来信", reporter={"name": "郑七", "phone": PHONE})
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key removed too early
    with pytest.raises(InvalidToken):
        crypto.decrypt(ReporterIdentity.objects.get().phone_enc)
    with pytest.raises(CommandError, match="不得移除任何密钥"):
        _rotate("--retire-old")
