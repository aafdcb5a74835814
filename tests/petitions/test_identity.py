import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from petitions.models import Petition, ReporterIdentity, RevealLog, RevealReason
from tests.petitions.helpers import register


def purpose():
    return RevealReason.objects.get_or_create(name="核实举报内容需联系举报人")[0].pk


REPORTER = {
    "name": "欧阳晓明",
    "phone": "13912345678",
    "id_number": "510104198001011234",
    "address": "成都市锦江区某某街8号",
    "work_unit": "某某建设公司",
}


@pytest.fixture
def named(users):
    return register(users.office, users.station_a, reporter=REPORTER)


def _raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


@pytest.mark.django_db
def test_identity_is_not_readable_in_raw_columns(named):
    rows = _raw_rows("petitions_reporteridentity") + _raw_rows("petitions_petition")
    text = "\n".join(rows)
    for value in REPORTER.values():
        assert value not in text
    assert "13912345678"[-8:] not in text
    identity = ReporterIdentity.objects.get(petition=named)
    assert identity.name_enc.startswith("gAAAAA")  # a Fernet token
    assert len(identity.phone_hash) == 64


@pytest.mark.django_db
def test_audit_log_holds_no_ciphertext_or_hashes(named):
    identity = ReporterIdentity.objects.get(petition=named)
    entries = LogEntry.objects.get_for_object(identity)
    assert entries.exists()
    for entry in entries:
        dump = str(entry.changes)
        assert identity.name_enc not in dump and identity.phone_hash not in dump
        assert "name_enc" not in dump and "phone_hash" not in dump


@pytest.mark.django_db
def test_api_and_pages_show_only_a_mask(users, named):
    api = APIClient()
    api.force_authenticate(users.office)
    body = api.get(f"/api/v1/petitions/{named.pk}/").content.decode()
    page = Client()
    page.force_login(users.office)
    html = page.get(f"/petitions/{named.pk}/").content.decode()
    for text in (body, html):
        assert "欧阳晓明" not in text and "13912345678" not in text
        assert "实名（已隐藏）" in text


@pytest.mark.django_db
def test_reveal_needs_a_reason_and_is_logged(users, named):
    api = APIClient()
    api.force_authenticate(users.leader_a)
    refused = api.post(
        f"/api/v1/petitions/{named.pk}/reveal/", {"purpose": purpose(), "reason": ""}
    )
    assert refused.status_code == 400
    assert "reason" in refused.json()["fields"]
    assert not RevealLog.objects.exists()

    ok = api.post(
        f"/api/v1/petitions/{named.pk}/reveal/",
        {"purpose": purpose(), "reason": "需要约谈核实举报内容"},
    )
    assert ok.status_code == 200
    assert ok.json()["name"] == "欧阳晓明" and ok.json()["phone"] == "13912345678"
    log = RevealLog.objects.get()
    assert (log.user, log.petition, log.reason) == (users.leader_a, named, "需要约谈核实举报内容")


@pytest.mark.django_db
def test_who_may_reveal(users, named):
    allowed = {users.office, users.leader_a, users.deputy_a}
    # Out of scope users get 404 before any rule is asked; in scope but not allowed get 403.
    expected = {
        users.member_a: 403,
        users.leadership: 403,
        users.api_client: 403,
        users.member_b: 404,
        users.official_a: 404,
        users.liaison_a: 404,
        users.outsider: 404,
    }
    for user in allowed:
        api = APIClient()
        api.force_authenticate(user)
        response = api.post(
            f"/api/v1/petitions/{named.pk}/reveal/",
            {"purpose": purpose(), "reason": "核实举报人身份"},
        )
        assert response.status_code == 200, user
    for user, code in expected.items():
        api = APIClient()
        api.force_authenticate(user)
        response = api.post(
            f"/api/v1/petitions/{named.pk}/reveal/",
            {"purpose": purpose(), "reason": "核实举报人身份"},
        )
        assert response.status_code == code, (user, response.status_code)
        assert "欧阳晓明" not in response.content.decode()
    assert RevealLog.objects.count() == len(allowed)


@pytest.mark.django_db
def test_official_with_transfer_still_cannot_reveal(users, named):
    from petitions import services

    services.triage(users.office, named, in_scope=False, routing_class="accusation")
    services.transfer(users.office, named, receiving_body=users.body_a)
    api = APIClient()
    api.force_authenticate(users.official_a)
    assert api.get(f"/api/v1/petitions/{named.pk}/").status_code == 200
    response = api.post(
        f"/api/v1/petitions/{named.pk}/reveal/", {"purpose": purpose(), "reason": "需要联系举报人"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_reveal_page_and_log_visible_to_office_only(users, named):
    page = Client()
    page.force_login(users.deputy_a)
    form = page.get(f"/petitions/{named.pk}/reveal/")
    assert form.status_code == 200 and "欧阳晓明" not in form.content.decode()
    no_reason = page.post(f"/petitions/{named.pk}/reveal/", {"purpose": purpose(), "reason": " "})
    assert "请具体说明查看的理由" in no_reason.content.decode()
    shown = page.post(
        f"/petitions/{named.pk}/reveal/", {"purpose": purpose(), "reason": "约谈前核对身份"}
    )
    assert "欧阳晓明" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"

    office = Client()
    office.force_login(users.office)
    log_page = office.get("/petitions/reveal-log/")
    assert "约谈前核对身份" in log_page.content.decode()
    assert page.get("/petitions/reveal-log/").context["object_list"].count() == 0
    api = APIClient()
    api.force_authenticate(users.office)
    assert api.get("/api/v1/reveal-logs/").json()["count"] == 1
    api.force_authenticate(users.leadership)
    assert api.get("/api/v1/reveal-logs/").json()["count"] == 0


@pytest.mark.django_db
def test_anonymous_petition_has_no_identity(users):
    petition = register(users.office, users.station_a)
    assert not petition.is_named
    assert not ReporterIdentity.objects.filter(petition=petition).exists()
    api = APIClient()
    api.force_authenticate(users.office)
    response = api.post(
        f"/api/v1/petitions/{petition.pk}/reveal/", {"purpose": purpose(), "reason": "核实身份信息"}
    )
    assert response.status_code == 400
    assert "匿名" in response.json()["message"]
    assert Petition.objects.get(pk=petition.pk).reveals.count() == 0
