import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from petitions import services
from petitions.models import Petition, PetitionStatus
from tests.petitions.helpers import at, register


@pytest.mark.django_db
def test_numbers_unique_and_sortable_per_station_and_year(users):
    when = at(2024, 12, 31, 9)
    a1 = register(users.office, users.station_a, registered_at=when)
    a2 = register(users.office, users.station_a, registered_at=when)
    b1 = register(users.office, users.station_b, registered_at=when)
    a3 = register(users.office, users.station_a, registered_at=at(2025, 1, 2))
    assert (a1.sequence, a2.sequence, b1.sequence, a3.sequence) == (1, 2, 1, 1)
    assert (a1.year, a3.year) == (2024, 2025)
    assert a1.number < a2.number < a3.number
    assert len({a1.number, a2.number, b1.number, a3.number}) == 4
    assert "〔2024〕00002" in a2.number


@pytest.mark.django_db
def test_late_petition_is_registered_and_marked(users):
    # Station A's cut-off is 2024-04-20 (Beijing time).
    on_time = register(users.office, users.station_a, received_at=at(2024, 4, 20, 23, 30))
    late = register(users.office, users.station_a, received_at=at(2024, 4, 21, 0, 30))
    office = register(users.office, None, received_at=at(2024, 6, 1))
    assert (on_time.is_late, late.is_late, office.is_late) == (False, True, False)
    assert late.status == PetitionStatus.REGISTERED
    suggestion = services.suggest_routing(late)
    assert suggestion["outcome"] == PetitionStatus.TRANSFERRED and suggestion["reasons"]
    assert services.suggest_routing(on_time)["outcome"] == ""


@pytest.mark.django_db
def test_routing_deadline_in_working_days(users):
    # Registered on Friday 2024-09-27: 5 working days later is 2024-10-10 (National Day).
    petition = register(
        users.office,
        users.station_a,
        registered_at=at(2024, 9, 27, 15),
        received_at=at(2024, 9, 27, 9),
    )
    assert petition.routing_due_on == datetime.date(2024, 10, 10)
    petition = register(
        users.office,
        users.station_a,
        registered_at=at(2024, 12, 30, 15),
        received_at=at(2024, 12, 30, 9),
    )
    assert petition.routing_due_on == datetime.date(2025, 1, 7)


@pytest.mark.django_db
def test_api_registration_with_people_and_disciplines(users):
    api = APIClient()
    api.force_authenticate(users.member_a)
    response = api.post(
        "/api/v1/petitions/",
        {
            "station": users.station_a.pk,
            "channel": "mailbox",
            "received_at": "2024-04-02T10:00:00+08:00",
            "summary": "反映李明超标准使用公车",
            "disciplines": ["integrity", "work"],
            "people": [
                {
                    "name": "李明",
                    "position": "副厅长",
                    "unit_name": "甲省交通运输厅",
                    "cadre_level": "bureau",
                }
            ],
            "reporter": {"name": "王五", "phone": "13800000000"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] and body["disciplines"] == ["integrity", "work"]
    assert body["people"][0]["name"] == "李明" and body["people"][0]["repeat_count"] == 1
    assert body["reporter"] == "实名（已隐藏）"
    listed = api.get("/api/v1/petitions/", {"discipline": "integrity"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert api.get("/api/v1/petitions/", {"discipline": "life"}).json()["count"] == 0


@pytest.mark.django_db
def test_bad_registration_names_the_field_and_stores_nothing(users):
    api = APIClient()
    api.force_authenticate(users.office)
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    response = api.post(
        "/api/v1/petitions/",
        {
            "station": users.station_a.pk,
            "channel": "hotline",
            "received_at": future,
            "summary": " ",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "summary" in response.json()["fields"] or "received_at" in response.json()["fields"]
    with pytest.raises(ValidationError) as exc:
        register(
            users.office, users.station_a, received_at=timezone.now() + datetime.timedelta(days=1)
        )
    assert "received_at" in exc.value.message_dict
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_intake_page_registers_and_shows_the_number(users):
    page = Client()
    page.force_login(users.member_a)
    form = page.get("/petitions/new/")
    html = form.content.decode()
    assert form.status_code == 200
    assert "autofocus" in html and 'type="tel"' in html and 'name="viewport"' in html
    response = page.post(
        "/petitions/new/",
        {
            "station": str(users.station_a.pk),
            "channel": "hotline",
            "received_at": "2024-04-03T09:30",
            "summary": "来电反映某科长吃拿卡要",
            "content": "",
            "disciplines": ["masses"],
            "people-TOTAL_FORMS": "2",
            "people-INITIAL_FORMS": "0",
            "people-0-name": "赵六",
            "people-0-unit_name": "甲省交通运输厅",
            "people-1-name": "",
        },
        follow=True,
    )
    petition = Petition.objects.get()
    assert petition.number in response.content.decode()
    assert petition.people.get().name == "赵六"
    assert petition.registered_by == users.member_a


@pytest.mark.django_db
def test_intake_page_errors_next_to_fields(users):
    page = Client()
    page.force_login(users.office)
    response = page.post(
        "/petitions/new/",
        {
            "station": str(users.station_a.pk),
            "channel": "hotline",
            "received_at": "2024-04-03T09:30",
            "summary": "",
            "named": "on",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "summary" in form.errors and "reporter_name" in form.errors
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_liaison_and_official_cannot_open_intake_for_a_station(users):
    # A role that could register nowhere is refused the page itself, not shown an empty form.
    for user in (users.liaison_a, users.official_a, users.leadership, users.api_client):
        page = Client()
        page.force_login(user)
        assert page.get("/petitions/new/").status_code == 403
        assert page.get("/petitions/import/").status_code == 403


def test_a_received_time_centuries_ago_is_refused_by_field(users):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.office)
    response = api.post(
        "/api/v1/petitions/",
        {
            "channel": "visit",
            "received_at": "0761-06-01T21:54:48+05:52",
            "summary": "反映某局长问题",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "received_at" in response.json()["fields"]
