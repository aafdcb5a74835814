import base64

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import InvalidToken

from inspection import crypto
from petitions.models import Petition, PetitionDiscipline
from tests.petitions.helpers import register

NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


def test_rotation_keeps_old_tokens_readable_and_blind_indexes_stable(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt("张三")
    index = crypto.blind_index("张三", "name")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, old_key]
    assert crypto.decrypt(token) == "张三"
    assert crypto.blind_index("张三", "name") == index
    rotated = crypto.rotate(token)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.decrypt(rotated) == "张三"
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


def test_blind_index_normalises_and_separates_purposes():
    assert crypto.blind_index("139 0000 1111", "phone") == crypto.blind_index(
        "139-0000-1111", "phone"
    )
    assert crypto.blind_index("１３９００００１１１１", "phone") == crypto.blind_index(
        "13900001111", "phone"
    )
    assert crypto.blind_index("13900001111", "phone") != crypto.blind_index(
        "13900001111", "id_number"
    )
    assert crypto.blind_index("", "name") == ""
    assert crypto.mask("13900001111") == "*******1111" and crypto.mask("李四") == "李*"


@pytest.mark.django_db
def test_registration_is_audited_with_actor(users):
    petition = register(users.member_a, users.station_a, disciplines=["integrity"])
    entry = LogEntry.objects.get_for_object(petition).get()
    assert entry.action == LogEntry.Action.CREATE
    row = PetitionDiscipline.objects.get(petition=petition)
    logged = LogEntry.objects.get_for_object(row).get()
    assert logged.actor == users.member_a and logged.changes["discipline"][1] == "integrity"
    assert Petition.objects.count() == 1
