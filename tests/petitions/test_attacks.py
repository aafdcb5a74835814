"""Attacks on reporter protection, replayed as an insider would try them.

The identity oracle: a group member who may not reveal registers petitions with a guessed
reporter and reads the duplicates answer. It must not depend on the identity typed; only a
logged reveal tells who else a reporter wrote about.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from inspection.notifications.models import Notification
from petitions.models import Petition, RevealKind, RevealLog, RevealReason
from petitions.reveals import seed_default_reasons
from tests.petitions.helpers import register

REAL = {"name": "欧阳晓明", "phone": "13912345678", "id_number": "510104198001011234"}
MADE_UP = {"name": "司马青", "phone": "13700000000", "id_number": "510104199002023456"}
PERSON = ("王建国", "副厅长", "甲省交通运输厅")
SUMMARY = "反映王建国违规插手高速公路工程项目招标"


@pytest.fixture
def existing(users):
    """Petitions already in the register: two from the real reporter, one anonymous."""
    return [
        register(users.office, users.station_a, SUMMARY, people=[PERSON], reporter=REAL),
        # Same reporter, nothing else in common: only the reporter could link it.
        register(users.office, users.station_a, "建议改进机关食堂管理", reporter=REAL),
        register(users.office, users.station_a, "来电反映某副厅长违规插手工程", people=[PERSON]),
    ]


@pytest.fixture(autouse=True)
def reasons(db):
    seed_default_reasons()  # a transactional test elsewhere may have flushed the seed


def purpose():
    return RevealReason.objects.get(name="核实举报内容需联系举报人").pk


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _register_by_api(user, station, reporter):
    body = {
        "station": station.pk,
        "channel": "hotline",
        "received_at": "2024-04-12T10:00:00+08:00",
        "summary": SUMMARY,
        "people": [{"name": PERSON[0], "position": PERSON[1], "unit_name": PERSON[2]}],
        "reporter": reporter,
    }
    response = _api(user).post("/api/v1/petitions/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _about(rows, existing):
    """The answer's rows about the existing petitions (not about each other)."""
    ids = {p.pk for p in existing}
    return sorted(
        (row["id"], row["number"], tuple(row["reasons"])) for row in rows if row["id"] in ids
    )


@pytest.mark.django_db
def test_member_gets_the_same_duplicates_answer_for_a_real_and_a_made_up_identity_api(
    users, existing
):
    real = _register_by_api(users.member_a, users.station_a, REAL)
    made_up = _register_by_api(users.member_a, users.station_a, MADE_UP)
    about_real = _about(real["duplicate_suggestions"], existing)
    assert about_real == _about(made_up["duplicate_suggestions"], existing)
    # Not vacuous: the content still finds the petitions about the same person and text …
    assert {row[0] for row in about_real} == {existing[0].pk, existing[2].pk}
    # … and never the one linked only by its reporter, nor says "same reporter".
    assert existing[1].pk not in {row[0] for row in about_real}
    assert "举报人相同" not in str(real) + str(made_up)

    api = _api(users.member_a)
    answers = []
    for created in (real, made_up):
        duplicates = api.get(f"/api/v1/petitions/{created['id']}/duplicates/").json()
        count = api.get(f"/api/v1/petitions/{created['id']}/same-reporter-count/")
        answers.append((_about(duplicates, existing), count.status_code, count.json()))
    assert answers[0] == answers[1]
    assert answers[0][2] == {"count": None}
    # Asking for the match itself is a reveal the member may not make.
    refused = api.post(
        f"/api/v1/petitions/{real['id']}/same-reporter/",
        {"purpose": purpose(), "reason": "核实是否同一人反映"},
    )
    assert refused.status_code == 403
    assert not RevealLog.objects.exists()


def _intake(client, station, reporter):
    data = {
        "station": str(station.pk),
        "channel": "hotline",
        "received_at": "2024-04-12T10:00",
        "summary": SUMMARY,
        "named": "on",
        "reporter_name": reporter["name"],
        "reporter_phone": reporter["phone"],
        "reporter_id_number": reporter["id_number"],
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-name": PERSON[0],
        "people-0-position": PERSON[1],
        "people-0-unit_name": PERSON[2],
    }
    response = client.post("/petitions/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


@pytest.mark.django_db
def test_member_gets_the_same_duplicates_answer_for_a_real_and_a_made_up_identity_page(
    users, existing
):
    page = Client()
    page.force_login(users.member_a)
    shown = []
    for reporter in (REAL, MADE_UP):
        response = _intake(page, users.station_a, reporter)
        html = response.content.decode()
        assert "举报人相同" not in html and "同一举报人" not in html
        rows = [
            {"id": row["petition"].pk, "number": row["petition"].number, "reasons": row["reasons"]}
            for row in response.context["duplicates"]
        ]
        shown.append(_about(rows, existing))
    assert shown[0] == shown[1]
    assert {row[0] for row in shown[0]} == {existing[0].pk, existing[2].pk}


@pytest.mark.django_db
def test_office_sees_the_identity_match_only_through_a_logged_reveal(users, existing):
    created = _register_by_api(users.member_a, users.station_a, REAL)
    petition = Petition.objects.get(pk=created["id"])
    api = _api(users.office)
    # The suggestions hold no reporter match for the office either.
    duplicates = api.get(f"/api/v1/petitions/{petition.pk}/duplicates/").json()
    assert existing[1].pk not in {row["id"] for row in duplicates}
    assert "举报人相同" not in str(duplicates)

    # A count and a link, not which ones.
    assert api.get(f"/api/v1/petitions/{petition.pk}/same-reporter-count/").json() == {"count": 2}
    page = Client()
    page.force_login(users.office)
    html = page.get(f"/petitions/{petition.pk}/").content.decode()
    assert "同一举报人另有 2 件" in html
    assert f"/petitions/{petition.pk}/same-reporter/" in html
    assert existing[1].number not in html
    assert not RevealLog.objects.exists()

    # The reveal step: a purpose and an explanation are required, nothing is shown without.
    bare = api.post(f"/api/v1/petitions/{petition.pk}/same-reporter/", {"reason": "核实"})
    assert bare.status_code == 400 and existing[1].number not in bare.content.decode()
    assert not RevealLog.objects.exists()
    shown = api.post(
        f"/api/v1/petitions/{petition.pk}/same-reporter/",
        {"purpose": purpose(), "reason": "核实是否同一人多次反映"},
    )
    assert shown.status_code == 200
    assert {row["id"] for row in shown.json()["petitions"]} == {existing[0].pk, existing[1].pk}
    log = RevealLog.objects.get()
    assert (log.user, log.petition, log.kind) == (
        users.office,
        petition,
        RevealKind.SAME_REPORTER,
    )
    assert log.reason == "核实是否同一人多次反映"
    # The reveal page, too, answers only after the reveal step.
    form = page.get(f"/petitions/{petition.pk}/same-reporter/")
    assert existing[1].number not in form.content.decode()
    revealed = page.post(
        f"/petitions/{petition.pk}/same-reporter/",
        {"purpose": purpose(), "reason": "研判是否重复件"},
    )
    assert existing[1].number in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"
    assert RevealLog.objects.count() == 2


@pytest.mark.django_db
def test_whoever_typed_the_identity_gets_no_count(users, existing):
    """A revealing role probing with guesses: the count is not shown on its own petitions."""
    created = register(users.leader_a, users.station_a, "另一件来信", reporter=REAL)
    api = _api(users.leader_a)
    answer = api.get(f"/api/v1/petitions/{created.pk}/same-reporter-count/").json()
    assert answer == {"count": None}
    page = Client()
    page.force_login(users.leader_a)
    html = page.get(f"/petitions/{created.pk}/").content.decode()
    assert "同一举报人另有" not in html
    assert "同一举报人的信访件（查看需说明理由）" in html  # the reveal step stays open
    # The deputy, who did not type it, sees the count.
    api = _api(users.deputy_a)
    answer = api.get(f"/api/v1/petitions/{created.pk}/same-reporter-count/").json()
    assert answer == {"count": 2}


@pytest.mark.django_db
def test_identity_probing_is_rate_limited_and_alerted(users, settings):
    settings.REPORTER_PROBE_LIMIT = 3
    settings.REPORTER_PROBE_WINDOW_MINUTES = 60
    for n in range(3):
        _register_by_api(users.member_a, users.station_a, {**MADE_UP, "name": f"张{n}"})
    body = {
        "station": users.station_a.pk,
        "channel": "hotline",
        "received_at": "2024-04-12T10:00:00+08:00",
        "summary": SUMMARY,
        "reporter": REAL,
    }
    api = _api(users.member_a)
    for _attempt in range(2):
        refused = api.post("/api/v1/petitions/", body, format="json")
        assert refused.status_code == 400
        assert "稍后再登记" in refused.json()["message"]
    assert Petition.objects.count() == 3
    # The office's supervisors hear of it once, in their inbox.
    alerts = Notification.objects.filter(reminder__rule="reporter-probe")
    assert [n.recipient for n in alerts] == [users.office]
    page = Client()
    page.force_login(users.office)
    assert "短时间内大量登记举报人身份信息" in page.get("/inbox/").content.decode()
    # Petitions without an identity are not held up, nor are other users.
    anonymous = {key: value for key, value in body.items() if key != "reporter"}
    assert api.post("/api/v1/petitions/", anonymous, format="json").status_code == 201
    _register_by_api(users.leader_a, users.station_a, REAL)
