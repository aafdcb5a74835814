import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from petitions.models import Petition, PetitionStatus, Transfer
from tests.petitions.helpers import at, register


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
def test_triage_then_handled_by_group_then_concluded(users):
    petition = register(users.member_a, users.station_a)
    api = _api(users.member_a)
    url = f"/api/v1/petitions/{petition.pk}/"
    response = api.post(url + "conclude/", {})
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    response = api.post(
        url + "triage/",
        {
            "in_scope": True,
            "routing_class": "accusation",
            "outcome": "handled_by_group",
            "note": "涉及班子成员",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == PetitionStatus.HANDLED_BY_GROUP
    response = api.post(url + "conclude/", {"conclusion": "已形成问题线索"})
    assert response.json()["status"] == PetitionStatus.CONCLUDED
    assert (
        api.post(url + "triage/", {"in_scope": True, "routing_class": "suggestion"}).status_code
        == 409
    )


@pytest.mark.django_db
def test_out_of_scope_cannot_be_handled_by_group(users):
    petition = register(users.office, users.station_a)
    response = _api(users.office).post(
        f"/api/v1/petitions/{petition.pk}/triage/",
        {"in_scope": False, "routing_class": "livelihood", "outcome": "handled_by_group"},
    )
    assert response.status_code == 400 and "outcome" in response.json()["fields"]
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.REGISTERED


@pytest.mark.django_db
def test_transfer_sets_reply_deadline(users):
    petition = register(
        users.office, users.station_a, reporter={"name": "实名人", "phone": "13700000000"}
    )
    api = _api(users.office)
    api.post(
        f"/api/v1/petitions/{petition.pk}/triage/",
        {"in_scope": False, "routing_class": "accusation"},
    )
    response = api.post(
        f"/api/v1/petitions/{petition.pk}/transfer/",
        {
            "receiving_body": users.body_a.pk,
            "letter_number": "甲巡转〔2024〕3号",
            "sent_on": "2024-09-27",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == PetitionStatus.TRANSFERRED
    record = Transfer.objects.get(petition=petition)
    # 60 calendar days after 2024-09-27.
    assert record.reply_due_on == datetime.date(2024, 11, 26)
    # Named accusation: acceptance notice within 15 working days (National Day skipped):
    # 29, 30 Sep; 8-12 Oct (12th a make-up Saturday); 14-18 Oct; 21-23 Oct.
    assert record.notice_due_on == datetime.date(2024, 10, 23)
    assert record.letter_number == "甲巡转〔2024〕3号"


@pytest.mark.django_db
def test_transfer_refuses_a_target_unit_and_early_date(users):
    petition = register(users.office, users.station_a, received_at=at(2024, 4, 10))
    response = _api(users.office).post(
        f"/api/v1/petitions/{petition.pk}/transfer/",
        {"receiving_body": users.unit_b.pk, "sent_on": "2024-04-01"},
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"receiving_body", "sent_on"}
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_official_records_reply(users):
    petition = register(users.office, users.station_a)
    _api(users.office).post(
        f"/api/v1/petitions/{petition.pk}/transfer/",
        {"receiving_body": users.body_a.pk, "sent_on": "2024-04-15"},
    )
    record = Transfer.objects.get()
    response = _api(users.official_a).post(
        f"/api/v1/petition-transfers/{record.pk}/reply/", {"replied_on": "2024-05-10"}
    )
    assert response.status_code == 200 and response.json()["replied_on"] == "2024-05-10"
    assert (
        _api(users.official_b)
        .post(f"/api/v1/petition-transfers/{record.pk}/reply/", {"replied_on": "2024-05-10"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_transfer_form_page(users):
    petition = register(users.leader_a, users.station_a)
    page = Client()
    page.force_login(users.leader_a)
    assert page.get(f"/petitions/{petition.pk}/transfer/").status_code == 200
    bad = page.post(
        f"/petitions/{petition.pk}/transfer/", {"receiving_body": "", "sent_on": "2024-04-15"}
    )
    assert "receiving_body" in bad.context["form"].errors
    ok = page.post(
        f"/petitions/{petition.pk}/transfer/",
        {"receiving_body": users.body_b.pk, "sent_on": "2024-04-15", "letter_number": "X1"},
    )
    assert ok.status_code == 302
    assert Transfer.objects.get().reply_due_on == datetime.date(2024, 6, 14)


@pytest.mark.django_db
def test_triage_queue_sorted_by_deadline_and_overdue_counted(users):
    def on(day):
        return {"registered_at": day, "received_at": day}

    early = register(users.office, users.station_a, **on(at(2024, 4, 1)))
    late = register(users.office, users.station_a, **on(at(2024, 4, 8)))
    done = register(users.office, users.station_a, **on(at(2024, 3, 1)))
    _api(users.office).post(
        f"/api/v1/petitions/{done.pk}/triage/",
        {"in_scope": True, "routing_class": "suggestion", "outcome": "filed_for_reference"},
    )
    page = Client()
    page.force_login(users.member_a)
    rows = list(page.get("/petitions/queue/").context["object_list"])
    assert rows == [early, late]
    figures = _api(users.office).get("/api/v1/petitions/figures/").json()
    # 2024-04-01 + 5 working days = 2024-04-09 (4-6 April Qingming): both open ones overdue now.
    assert early.routing_due_on == datetime.date(2024, 4, 9)
    assert figures["overdue"] == 2 and figures["open"] == 2
    overdue = _api(users.office).get("/api/v1/petitions/", {"overdue": "true"}).json()
    assert {row["id"] for row in overdue["results"]} == {early.pk, late.pk}


@pytest.mark.django_db
def test_triage_and_conclude_through_the_petition_page(users):
    petition = register(users.member_a, users.station_a, "反映某科长违规收受回扣")
    page = Client()
    page.force_login(users.member_a)
    html = page.get(f"/petitions/{petition.pk}/").content.decode()
    assert "检举控告（转纪委监委）" in html  # the suggested class, by keyword
    response = page.post(
        f"/petitions/{petition.pk}/triage/",
        {"in_scope": "1", "routing_class": "accusation", "outcome": "handled_by_group"},
    )
    assert response.status_code == 302
    page.post(f"/petitions/{petition.pk}/conclude/", {"conclusion": "已转为问题线索"})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONCLUDED and petition.conclusion == "已转为问题线索"
    other = Client()
    other.force_login(users.member_b)
    assert other.post(f"/petitions/{petition.pk}/conclude/", {}).status_code == 404
