"""The issue's flows, end to end in real Chromium through the pages users use.

a. a group member on a phone registers a petition and logs a finding with its working paper
   and a photo;
b. the unit's liaison reports progress on a rectification item with evidence and asks to
   close it;
c. office staff approve the close-out and see the rectification rate move on the dashboard.

The states before each flow are built through the services (findings approved, reported and
fed back; items created by the office), as they would be on a real tour.
"""

import base64
import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count

from findings import services as findings_services
from findings.models import Finding, FindingStatus, WorkingPaper
from petitions.models import Discipline, Petition, PetitionDiscipline
from rectification import services as rectification_services
from rectification.models import ItemResult, ItemStatus, RectificationItem
from tests.browser.pages import (
    DashboardPage,
    FindingLogPage,
    LoginPage,
    PetitionIntakePage,
    RectificationItemPage,
)
from tests.findings import builders
from tests.support import files
from tours.demo import DEMO_PASSWORD
from tours.models import Term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345-test"  # tests.support.factories.make_user's password
# A 1×1 PNG, written to a file as a phone's camera would hand it over.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PDF = files.PDF
STATION_A = "甲省交通运输厅"
RATE_SERIES = 3  # rectification_by_month: due, completed, overdue, rate (%)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fed_back(users):
    """Station A after feedback: two fed-back findings, each broken into one item."""
    w = users
    w.findings = [
        builders.approved_finding(w, title="公车私用问题"),
        builders.approved_finding(w, title="违规发放津补贴", code="other"),
    ]
    report = findings_services.assemble_report(
        w.leader_a, w.station_a, drafted_on=datetime.date(2024, 5, 10)
    )
    report = findings_services.approve_report(
        w.office, report, datetime.date(2024, 5, 20), "省委书记专题会"
    )
    findings_services.feed_back_report(w.office, report, datetime.date(2024, 6, 1))
    for finding in w.findings:
        finding.refresh_from_db()
    w.items = [
        rectification_services.create_item(
            w.office,
            finding,
            measures=f"整改：{finding.title}",
            deadline=datetime.date(2024, 9, 30),
            responsible_department="机关事务处",
        )
        for finding in w.findings
    ]
    assert {f.status for f in Finding.objects.filter(pk__in=[f.pk for f in w.findings])} == {
        FindingStatus.RECTIFYING
    }
    return w


def test_member_on_a_phone_registers_a_petition_and_logs_a_finding(
    users, phone, screenshot, tmp_path
):
    LoginPage(phone).login("member_a", PASSWORD)
    intake = PetitionIntakePage(phone)
    number = intake.register(
        station=str(users.station_a),
        channel="来电",
        summary="反映某处长违规兼职取酬",
        disciplines=["廉洁纪律"],
    )
    petition = Petition.objects.get()
    assert number == petition.number and petition.station == users.station_a
    assert list(petition.discipline_rows.values_list("discipline", flat=True)) == ["integrity"]
    assert number in phone.content() and intake.fits_the_screen()
    screenshot(phone, "petition-registered")

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    page = FindingLogPage(phone)
    page.open()
    assert page.fits_the_screen()
    page.log(
        station=str(users.station_a),
        title="违规兼职取酬问题",
        category=str(builders.category("integrity")),
        facts_who="王某（处长）",
        facts_what="2023年在下属企业兼职并领取报酬。",
        facts_when="2023年1月至12月",
        photo=photo,
    )
    errors = phone.locator(".errors").all_inner_texts()
    assert errors == [], errors
    finding = Finding.objects.get(title="违规兼职取酬问题")
    paper = WorkingPaper.objects.get(finding=finding)
    assert paper.facts_who == "王某（处长）"
    assert paper.evidence.count() == 1
    assert "违规兼职取酬问题" in phone.content() and page.fits_the_screen()
    screenshot(phone, "finding-logged")


def test_liaison_submits_progress_with_evidence(fed_back, phone, screenshot, tmp_path):
    w = fed_back
    evidence = tmp_path / "整改佐证.pdf"
    evidence.write_bytes(PDF)
    LoginPage(phone).login("liaison_a", PASSWORD)
    page = RectificationItemPage(phone).open_item(STATION_A, "公车私用问题")
    assert page.fits_the_screen()
    page.submit_progress("已修订公务用车管理办法并收回车辆。", evidence)
    assert phone.get_by_role("link", name="整改佐证.pdf").is_visible()
    item = RectificationItem.objects.get(pk=w.items[0].pk)
    report = item.progress_reports.get()
    assert report.text == "已修订公务用车管理办法并收回车辆。"
    assert report.evidence.count() == 1 and item.status == ItemStatus.IN_PROGRESS
    screenshot(phone, "progress")
    page.request_closure()
    assert page.status() == "申请销号"
    assert RectificationItem.objects.get(pk=item.pk).status == ItemStatus.CLOSURE_REQUESTED
    screenshot(phone, "closure-requested")


def test_office_closes_the_item_and_sees_the_rate_change(fed_back, desktop, screenshot, tmp_path):
    w = fed_back
    item = w.items[0]
    rectification_services.report_progress(w.liaison_a, item, "已整改完毕。")
    rectification_services.request_closure(w.liaison_a, item)

    LoginPage(desktop).login("office", PASSWORD)
    dashboard = DashboardPage(desktop).open()
    dashboard.wait_for_chart("rectification_by_month")
    # Two items due in September 2024, none completed yet.
    assert dashboard.values("rectification_by_month", 0) == [["2024-09"], [2]]
    assert dashboard.values("rectification_by_month", RATE_SERIES) == [["2024-09"], [0]]
    # Months are drawn as categories (a lone "2024-09" would otherwise become a time axis).
    axis = "document.getElementById('chart-rectification_by_month')._fullLayout.xaxis.type"
    assert desktop.evaluate(axis) == "category"
    screenshot(desktop, "rate-before")

    page = RectificationItemPage(desktop).open_item(STATION_A, "公车私用问题")
    page.approve("已完成")
    assert page.status() == "已销号"
    assert RectificationItem.objects.get(pk=item.pk).result == ItemResult.COMPLETED
    screenshot(desktop, "closed")

    dashboard.open().wait_for_chart("rectification_by_month")
    # One of the two completed: 50 %.
    assert dashboard.values("rectification_by_month", 1) == [["2024-09"], [1]]
    assert dashboard.values("rectification_by_month", RATE_SERIES) == [["2024-09"], [50]]
    screenshot(desktop, "rate-after")


def test_the_case_charts_draw_the_demo(live_server, desktop, screenshot):
    """The demo term with case data, chosen on the page; disciplines counted from the rows."""
    for command in (
        "load_demo",
        "load_demo_petitions",
        "load_demo_findings",
        "load_demo_rectification",
    ):
        call_command(command, verbosity=0)
    rows = PetitionDiscipline.objects.exclude(petition__station=None)
    term = rows.values_list("petition__station__round__term", flat=True).first()
    counts = dict(
        rows.filter(petition__station__round__term=term)
        .values_list("discipline")
        .annotate(n=Count("pk"))
    )
    LoginPage(desktop).login("office", DEMO_PASSWORD)
    dashboard = DashboardPage(desktop).open()
    dashboard.choose_term(str(Term.objects.get(pk=term)))
    dashboard.wait_for_chart("petitions_by_discipline")
    labels, values = dashboard.values("petitions_by_discipline")
    assert labels == [str(label) for _value, label in Discipline.choices]
    assert values == [counts.get(value, 0) for value, _label in Discipline.choices]
    assert sum(values) > 0
    for key in ("leads_by_disposal", "rectification_by_month"):
        dashboard.wait_for_chart(key)
    screenshot(desktop, "case-charts")
