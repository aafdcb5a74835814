import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from findings.models import Finding, FindingStatus
from rectification import services
from rectification.models import ItemStatus, PlanStatus, RectificationItem
from tests.rectification.conftest import fed_back_finding

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("feedback", "plan_due", "report_due"),
    [
        (datetime.date(2024, 5, 15), datetime.date(2024, 6, 15), datetime.date(2024, 7, 15)),
        # Month ends: a month after 31 January is the end of February (leap year).
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2024, 3, 31)),
        (datetime.date(2023, 12, 31), datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
    ],
)
def test_plan_and_report_due_from_feedback_date(users, feedback, plan_due, report_due):
    users.station_a.feedback_on = feedback
    users.station_a.save()
    plan = services.open_plan(users.office, users.station_a)
    assert (plan.due_on, plan.report_due_on) == (plan_due, report_due)


def test_settings_change_the_plan_deadline(users, settings):
    settings.RECTIFICATION_PLAN_MONTHS = 2
    users.station_a.feedback_on = datetime.date(2024, 5, 15)
    users.station_a.save()
    assert services.open_plan(users.office, users.station_a).due_on == datetime.date(2024, 7, 15)


def test_no_plan_before_feedback(users):
    with pytest.raises(ValidationError) as error:
        services.open_plan(users.office, users.station_a)
    assert "feedback_on" in error.value.message_dict


def test_creating_an_item_moves_the_finding_to_rectifying(world):
    world.finding_a.refresh_from_db()
    assert world.finding_a.status == FindingStatus.RECTIFYING


def test_item_only_for_fed_back_findings_names_the_field(world):
    draft = Finding.objects.create(station=world.station_a, title="未反馈问题")
    response = api(world.liaison_a).post(
        "/api/v1/rectification-items/",
        {"finding": draft.pk, "measures": "x", "deadline": "2024-09-01"},
    )
    # The liaison cannot even see a finding before feedback.
    assert response.status_code == 404
    response = api(world.office).post(
        "/api/v1/rectification-items/",
        {"finding": draft.pk, "measures": "x", "deadline": "2024-09-01"},
    )
    assert response.status_code == 400
    assert "finding" in response.json()["fields"]


def test_liaison_plan_submission_review_and_return(world):
    liaison, office = api(world.liaison_a), api(world.office)
    extra = fed_back_finding(world.station_a, "意识形态责任制落实不到位")
    url = f"/api/v1/rectification-plans/{world.plan_a.pk}/"
    response = liaison.post(url + "submit/", {"text": "总体方案"})
    assert response.status_code == 400
    assert "意识形态责任制落实不到位" in response.json()["fields"]["items"][0]
    response = liaison.post(
        "/api/v1/rectification-items/",
        {
            "finding": extra.pk,
            "measures": "建立台账",
            "deadline": "2024-08-31",
            "kind": "immediate",
        },
    )
    assert response.status_code == 201, response.content
    assert liaison.post(url + "submit/", {"text": "总体方案"}).status_code == 200
    assert liaison.post(url + "approve/").status_code == 403
    response = office.post(url + "return/", {"reason": ""})
    assert response.json()["fields"] == {"reason": ["退回时请说明理由。"]}
    response = office.post(url + "return/", {"reason": "措施不具体"})
    assert response.json()["status"] == PlanStatus.RETURNED
    assert response.json()["return_count"] == 1
    assert liaison.post(url + "submit/", {"text": "修改后的方案"}).status_code == 200
    assert office.post(url + "approve/").json()["status"] == PlanStatus.APPROVED


def test_close_out_return_then_approve(world):
    liaison, office = api(world.liaison_a), api(world.office)
    url = f"/api/v1/rectification-items/{world.item_a.pk}/"
    response = liaison.post(url + "request-closure/")
    assert response.status_code == 409  # no progress yet: still open
    assert liaison.post(url + "progress/", {"text": "已起草制度"}).status_code == 201
    assert liaison.post(url + "request-closure/").json()["status"] == ItemStatus.CLOSURE_REQUESTED
    assert liaison.post(url + "approve-closure/", {"result": "completed"}).status_code == 403

    returned = office.post(url + "return-closure/", {"reason": "缺少印发文件"}).json()
    assert (returned["status"], returned["return_count"]) == (ItemStatus.IN_PROGRESS, 1)
    assert returned["return_reason"] == "缺少印发文件"

    liaison.post(url + "progress/", {"text": "制度已印发"})
    liaison.post(url + "request-closure/")
    response = office.post(url + "approve-closure/", {"result": "bogus"})
    assert "result" in response.json()["fields"]
    closed = office.post(url + "approve-closure/", {"result": "completed"}).json()
    assert (closed["status"], closed["result"]) == (ItemStatus.CLOSED, "completed")
    world.finding_a.refresh_from_db()
    assert world.finding_a.status == FindingStatus.RECTIFIED


def test_close_out_through_the_pages(world):
    browser = Client()
    browser.force_login(world.liaison_a)
    base = f"/rectification/items/{world.item_a.pk}/"
    assert browser.post(base + "progress/", {"text": "进展"}).status_code == 302
    assert browser.post(base + "request-closure/").status_code == 302
    office = Client()
    office.force_login(world.office)
    response = office.post(base + "return/", {"reason": ""})
    assert response.status_code == 400
    assert "退回时请说明理由。" in response.content.decode()
    assert office.post(base + "approve/", {"result": "basically_completed"}).status_code == 302
    world.item_a.refresh_from_db()
    assert world.item_a.result == "basically_completed"


def test_liaison_gets_404_for_another_units_item(world):
    liaison = api(world.liaison_a)
    other = world.item_b.pk
    assert liaison.get(f"/api/v1/rectification-items/{other}/").status_code == 404
    assert (
        liaison.post(f"/api/v1/rectification-items/{other}/progress/", {"text": "x"}).status_code
        == 404
    )
    browser = Client()
    browser.force_login(world.liaison_a)
    assert browser.get(f"/rectification/items/{other}/").status_code == 404
    assert browser.post(f"/rectification/items/{other}/progress/", {"text": "x"}).status_code == 404
    assert browser.get(f"/rectification/stations/{world.station_b.pk}/").status_code == 404
    assert browser.get(f"/rectification/items/{world.item_a.pk}/").status_code == 200
    assert RectificationItem.objects.get(pk=other).progress_reports.count() == 0


def test_portal_page_in_chinese_shows_only_own_unit(world):
    browser = Client()
    browser.force_login(world.liaison_a)
    page = browser.get(f"/rectification/stations/{world.station_a.pk}/").content.decode()
    assert "整改方案" in page and "选人用人把关不严" in page
    assert "项目招投标不规范" not in page
    listing = browser.get("/rectification/").content.decode()
    assert world.unit_a.name in listing and world.unit_b.name not in listing
