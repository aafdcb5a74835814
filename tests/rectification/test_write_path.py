"""Rectification's write path: who may act, validated input, findings moved through services,
input limits, and PostgreSQL concurrency (one close-out, distinct letter numbers, one submit)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from findings.models import FindingStatus
from inspection.numbering import next_number
from rectification import services
from rectification.models import (
    ItemStatus,
    PlanStatus,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)
from tests.rectification.conftest import fed_back_finding
from tests.support import files
from tests.support.concurrency import api_post_concurrently, run_concurrently

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def _status_entries(obj, target):
    """Audit entries that moved `obj`'s status to `target`."""
    return [
        entry
        for entry in LogEntry.objects.get_for_object(obj)
        if entry.changes_dict.get("status", [None, None])[1] == target
    ]


def _closure_requested(world):
    services.report_progress(world.liaison_a, world.item_a, "制度已印发")
    return services.request_closure(world.liaison_a, world.item_a)


# ---- who may act ----------------------------------------------------------------------


@pytest.mark.django_db
def test_leadership_cannot_open_a_plan_from_the_station_page(users):
    """Issue 10: a read-only leadership user opened a plan (open_plan took no user)."""
    users.station_a.feedback_on = D(2024, 6, 3)
    users.station_a.save()
    url = f"/rectification/stations/{users.station_a.pk}/plan/open/"
    page = browser(users.leadership).get(f"/rectification/stations/{users.station_a.pk}/")
    assert page.status_code == 200 and url not in page.content.decode()
    for user in (users.leadership, users.member_a, users.leader_a):
        assert browser(user).post(url).status_code == 403, user
    assert browser(users.liaison_b).post(url).status_code == 404
    assert not RectificationPlan.objects.exists()
    assert browser(users.liaison_a).post(url).status_code == 302
    assert RectificationPlan.objects.filter(station=users.station_a).count() == 1


@pytest.mark.django_db
def test_read_only_roles_and_group_members_change_nothing(world):
    _closure_requested(world)
    item_url = f"/api/v1/rectification-items/{world.item_a.pk}/"
    plan_url = f"/api/v1/rectification-plans/{world.plan_a.pk}/"
    posts = [
        (item_url + "progress/", {"text": "进展"}),
        (item_url + "approve-closure/", {"result": "completed"}),
        (item_url + "return-closure/", {"reason": "不行"}),
        (plan_url + "submit/", {"text": "方案"}),
        (plan_url + "report/", {"text": "报告"}),
        ("/api/v1/rectification-letters/", _letter(world, "reminder")),
    ]
    entries = LogEntry.objects.count()
    for user in (world.leadership, world.api_client, world.member_a, world.leader_a):
        for url, data in posts:
            assert api(user).post(url, data, format="json").status_code == 403, (user, url)
    for url in ("progress/", "request-closure/", "approve/", "return/"):
        response = browser(world.leadership).post(f"/rectification/items/{world.item_a.pk}/{url}")
        assert response.status_code == 403, url
    assert LogEntry.objects.count() == entries
    assert not SupervisionLetter.objects.exists()
    assert RectificationItem.objects.get(pk=world.item_a.pk).status == ItemStatus.CLOSURE_REQUESTED


@pytest.mark.django_db
def test_liaison_may_not_verify_and_office_buttons_follow_the_workflow(world):
    _closure_requested(world)
    url = f"/rectification/items/{world.item_a.pk}/"
    liaison_page = browser(world.liaison_a).get(url).content.decode()
    assert url + "approve/" not in liaison_page and url + "request-closure/" not in liaison_page
    office_page = browser(world.office).get(url).content.decode()
    assert url + "approve/" in office_page and url + "return/" in office_page
    assert url + "progress/" not in office_page
    response = api(world.liaison_a).post(
        f"/api/v1/rectification-items/{world.item_a.pk}/approve-closure/", {"result": "completed"}
    )
    assert response.status_code == 403


# ---- input validated by the declared serializers ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "action", "body", "field"),
    [
        ("item", "progress", {"text": ["整改", "进展"]}, "text"),
        ("item", "progress", {"text": {"a": 1}}, "text"),
        ("item", "approve-closure", {"result": ["completed"]}, "result"),
        ("item", "return-closure", {"reason": {"why": "x"}}, "reason"),
        ("plan", "submit", {"text": ["方案"]}, "text"),
        ("plan", "report", {"text": {"a": 1}}, "text"),
        ("plan", "return", {"reason": ["理由"]}, "reason"),
    ],
)
def test_a_wrongly_typed_field_is_a_400_naming_it(world, target, action, body, field):
    """Issue 10: these answered 500 (the advertised input serializers were never used)."""
    if target == "item":
        if action != "progress":
            _closure_requested(world)
        url = f"/api/v1/rectification-items/{world.item_a.pk}/{action}/"
    else:
        if action == "return":
            services.submit_plan(world.liaison_a, world.plan_a, "方案")
        url = f"/api/v1/rectification-plans/{world.plan_a.pk}/{action}/"
    user = world.office if action in ("approve-closure", "return-closure", "return") else None
    before = LogEntry.objects.count()
    response = api(user or world.liaison_a).post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [field]
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_a_second_report_or_a_moved_state_is_a_409(world):
    office, liaison = api(world.office), api(world.liaison_a)
    url = f"/api/v1/rectification-plans/{world.plan_a.pk}/"
    assert liaison.post(url + "report/", {"text": "整改报告"}).status_code == 200
    assert liaison.post(url + "report/", {"text": "再报一次"}).status_code == 409
    assert office.post(url + "approve/").status_code == 409  # still a draft
    assert RectificationPlan.objects.get(pk=world.plan_a.pk).report_text == "整改报告"


# ---- findings move through findings' services, audited with the acting user -----------


@pytest.mark.django_db
def test_findings_move_through_their_services_and_the_move_is_audited(world):
    """Issue 10: rectification wrote finding.status itself."""
    finding = fed_back_finding(world.station_a, "意识形态责任制落实不到位")
    response = api(world.liaison_a).post(
        "/api/v1/rectification-items/",
        {"finding": finding.pk, "measures": "专题学习", "deadline": "2024-09-30"},
    )
    assert response.status_code == 201, response.content
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFYING
    [moved] = _status_entries(finding, FindingStatus.RECTIFYING)
    assert moved.actor == world.liaison_a

    first = RectificationItem.objects.get(pk=response.json()["id"])
    second = services.create_item(
        world.office, finding, measures="建章立制", deadline=D(2024, 10, 1)
    )
    for item in (first, second):
        services.report_progress(world.liaison_a, item, "完成")
        services.request_closure(world.liaison_a, item)
    office = api(world.office)
    url = "/api/v1/rectification-items/{}/approve-closure/"
    assert office.post(url.format(first.pk), {"result": "completed"}).status_code == 200
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFYING  # one item is still open
    assert office.post(url.format(second.pk), {"result": "completed"}).status_code == 200
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFIED
    [rectified] = _status_entries(finding, FindingStatus.RECTIFIED)
    assert rectified.actor == world.office


# ---- limits ------------------------------------------------------------------------------


def _letter(world, kind, items=None, new_deadline=None):
    data = {
        "kind": kind,
        "station": world.station_a.pk,
        "items": items or [world.item_a.pk],
        "body": "请抓紧落实整改任务。",
    }
    if new_deadline:
        data["new_deadline"] = new_deadline
    return data


@pytest.mark.django_db
def test_items_per_letter_and_files_per_report_are_capped(world, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from inspection import validation

    monkeypatch.setitem(validation.COUNT_LIMITS, "items_per_letter", 2)
    monkeypatch.setitem(validation.COUNT_LIMITS, "files", 2)
    ids = [world.item_a.pk] * 3
    response = api(world.office).post(
        "/api/v1/rectification-letters/", _letter(world, "reminder", ids), format="json"
    )
    assert response.status_code == 400 and list(response.json()["fields"]) == ["items"]
    with pytest.raises(ValidationError) as refused:
        services.issue_letter(world.office, world.station_a, "reminder", [world.item_a] * 3, "x")
    assert "items" in refused.value.message_dict

    def pdf(n):
        return SimpleUploadedFile(f"{n}.pdf", files.PDF, content_type="application/pdf")

    page = browser(world.liaison_a).post(
        f"/rectification/items/{world.item_a.pk}/progress/",
        {"text": "进展", "evidence": [pdf(1), pdf(2), pdf(3)]},
    )
    assert page.status_code == 400 and "最多2项。" in page.content.decode()
    assert not ProgressReport.objects.exists()
    # The API's input serializer caps the list before any file is read.
    from rectification.api import inputs

    field = inputs.ProgressInput().fields["files"]
    assert field.max_length == 10


@pytest.mark.django_db
def test_text_limits_and_control_characters(world):
    url = f"/api/v1/rectification-items/{world.item_a.pk}/progress/"
    client = api(world.liaison_a)
    response = client.post(url, {"text": "长" * 5001}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["text"]
    response = client.post(url, {"text": "进展\x00"}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["text"]
    response = client.post(
        "/api/v1/rectification-items/",
        {"finding": world.finding_a.pk, "measures": "措施\x07", "deadline": "2024-09-30"},
        format="json",
    )
    assert response.status_code == 400 and "measures" in response.json()["fields"]
    assert not ProgressReport.objects.exists()


# ---- concurrency (PostgreSQL) ------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_close_out_approvals_close_once(world):
    _closure_requested(world)
    url = f"/api/v1/rectification-items/{world.item_a.pk}/approve-closure/"
    codes = api_post_concurrently(world.office, url, {"result": "completed"}, count=2)
    assert sorted(codes) == [200, 409], codes
    item = RectificationItem.objects.get(pk=world.item_a.pk)
    assert item.status == ItemStatus.CLOSED
    assert len(_status_entries(item, ItemStatus.CLOSED)) == 1
    assert len(_status_entries(world.finding_a, FindingStatus.RECTIFIED)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_get_distinct_numbers_and_a_refusal_consumes_none(world):
    year = datetime.date.today().year
    refused = api(world.member_a).post(
        "/api/v1/rectification-letters/", _letter(world, "reminder"), format="json"
    )
    assert refused.status_code == 403
    invalid = api(world.office).post(
        "/api/v1/rectification-letters/", _letter(world, "supervision"), format="json"
    )
    assert invalid.status_code == 400  # no new deadline: refused before numbering

    def issue(_index):
        response = api(world.office).post(
            "/api/v1/rectification-letters/", _letter(world, "reminder"), format="json"
        )
        return response.status_code, response.json().get("number")

    results = run_concurrently(issue, count=4)
    assert sorted(code for code, _number in results) == [201] * 4, results
    numbers = sorted(number for _code, number in results)
    assert numbers == [f"巡整提〔{year}〕{n:04d}号" for n in range(1, 5)]
    assert SupervisionLetter.objects.count() == 4
    assert next_number("rectification:reminder", year) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_plan_submissions_submit_once(world):
    url = f"/api/v1/rectification-plans/{world.plan_a.pk}/submit/"
    codes = api_post_concurrently(world.liaison_a, url, {"text": "整改方案"}, count=2)
    assert sorted(codes) == [200, 409], codes
    plan = RectificationPlan.objects.get(pk=world.plan_a.pk)
    assert plan.status == PlanStatus.SUBMITTED
    assert len(_status_entries(plan, PlanStatus.SUBMITTED)) == 1
