import pytest
from django.test import Client
from rest_framework.test import APIClient

from petitions.models import Petition, PetitionStatus
from tests.petitions.helpers import register


def _suggested(user, petition):
    api = APIClient()
    api.force_authenticate(user)
    return {
        row["id"]: row["reasons"]
        for row in api.get(f"/api/v1/petitions/{petition.pk}/duplicates/").json()
    }


@pytest.mark.django_db
def test_suggestions_on_chinese_text_and_person_never_the_reporter(users):
    w = users
    person = ("王建国", "副厅长", "甲省交通运输厅")
    by_phone = register(
        w.office, w.station_a, "来电反映王建国违规插手工程项目", channel="hotline", people=[person]
    )
    letter = register(
        w.office,
        w.station_a,
        "来信反映某副厅长违规插手高速公路工程项目招标",
        channel="mailbox",
        reporter={"name": "刘 一", "phone": "139-0000-1111"},
    )
    unrelated = register(w.office, w.station_a, "建议改进机关食堂管理", channel="online")
    other_group = register(
        w.office,
        w.station_b,
        "来信反映某副厅长违规插手高速公路工程项目招标",
        reporter={"name": "刘一", "phone": "13900001111"},
    )

    new = register(
        w.office,
        w.station_a,
        "举报箱来信：某副厅长违规插手高速公路工程项目招标",
        channel="report_box",
        people=[person],
        reporter={"name": "刘一", "phone": "13900001111"},
    )
    found = _suggested(w.office, new)
    assert found[by_phone.pk] == ["被反映人相同"]
    # The same reporter is a reveal (tests/petitions/test_attacks.py), never a suggestion.
    assert found[letter.pk] == ["内容相似"]
    assert unrelated.pk not in found
    # Only the reporter links it (text is compared among petitions about the same unit).
    assert other_group.pk not in found
    # A group member is never told about another group's petitions.
    assert other_group.pk not in _suggested(w.member_a, new)
    assert set(_suggested(w.member_a, new)) == {by_phone.pk, letter.pk}


@pytest.mark.django_db
def test_registration_answer_lists_suggestions(users):
    register(
        users.office,
        users.station_a,
        "反映陈某某挪用专项资金",
        people=[("陈某某", "", "甲省交通运输厅")],
    )
    api = APIClient()
    api.force_authenticate(users.member_a)
    response = api.post(
        "/api/v1/petitions/",
        {
            "station": users.station_a.pk,
            "channel": "visit",
            "received_at": "2024-04-05T10:00:00+08:00",
            "summary": "来访反映陈某某问题",
            "people": [{"name": "陈某某", "unit_name": "甲省交通运输厅"}],
        },
        format="json",
    )
    assert response.status_code == 201
    assert len(response.json()["duplicate_suggestions"]) == 1


@pytest.mark.django_db
def test_confirming_links_and_repeat_count_shows(users):
    w = users
    person = ("周强", "局长", "甲省交通运输厅")
    first = register(w.office, w.station_a, "反映周强收受红包", people=[person])
    second = register(
        w.office, w.station_a, "再次反映周强收受红包", channel="mailbox", people=[person]
    )
    third = register(w.office, w.station_a, "第三次反映周强", channel="online", people=[person])
    page = Client()
    page.force_login(w.member_a)
    detail = page.get(f"/petitions/{third.pk}/")
    assert "共被反映 3 次" in detail.content.decode()
    assert {row["petition"].pk for row in detail.context["duplicates"]} == {first.pk, second.pk}

    page.post(f"/petitions/{second.pk}/duplicate/", {"original": first.pk})
    page.post(f"/petitions/{third.pk}/duplicate/", {"original": second.pk})
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == PetitionStatus.DUPLICATE and second.duplicate_of == first
    assert third.duplicate_of == first  # linked to the root, not to another duplicate
    assert list(first.duplicates.order_by("pk")) == [second, third]
    api = APIClient()
    api.force_authenticate(w.member_a)
    people = api.get(f"/api/v1/petitions/{first.pk}/").json()["people"]
    assert people[0]["repeat_count"] == 3
    # Another group's member may not link to a petition they cannot see.
    other = register(w.office, w.station_b, "反映周强", people=[person])
    response = api.post(f"/api/v1/petitions/{first.pk}/duplicate/", {"original": other.pk})
    assert response.status_code == 400 and "original" in response.json()["fields"]
    assert Petition.objects.get(pk=first.pk).duplicate_of is None
