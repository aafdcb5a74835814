"""Finding lifecycle, sign-off order, report assembly and feedback."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from findings import services
from findings.models import Category, Discipline, FindingStatus, PaperStatus, ReportStatus
from inspection.workflow import StateConflict
from tests.findings import builders as b

pytestmark = pytest.mark.django_db


def test_taxonomy_is_seeded():
    assert Category.objects.count() == 11
    assert Category.objects.filter(name__contains="选人用人").exists()
    assert sorted(Discipline.objects.values_list("name", flat=True)) == sorted(
        ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
    )


def test_approval_refused_without_a_signed_working_paper(users):
    w = users
    finding = b.draft_finding(w)
    paper = b.add_paper(w, finding)
    services.review_working_paper(w.deputy_a, paper)  # reviewed, not yet signed
    services.review_finding(w.deputy_a, finding)
    with pytest.raises(ValidationError) as refused:
        services.approve_finding(w.leader_a, finding)
    assert "working_papers" in refused.value.message_dict
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REVIEWED

    services.sign_working_paper(w.leader_a, paper)
    services.approve_finding(w.leader_a, finding)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.APPROVED and finding.approved_by == w.leader_a


def test_approval_refused_through_the_api_names_the_field(users):
    w = users
    finding = b.draft_finding(w)
    services.review_finding(w.deputy_a, finding)
    api = APIClient()
    api.force_authenticate(w.leader_a)
    response = api.post(f"/api/v1/findings/{finding.pk}/approve/")
    assert response.status_code == 400
    assert "working_papers" in response.json()["fields"]


def test_sign_off_order_is_enforced_by_role(users):
    w = users
    finding = b.draft_finding(w)
    paper = b.add_paper(w, finding)
    # The leader cannot sign before the deputy's review.
    with pytest.raises(StateConflict):
        services.sign_working_paper(w.leader_a, paper)
    # A member or the leader cannot review; a deputy of another group cannot either.
    for user in (w.member_a, w.leader_a, w.member_b, w.office):
        with pytest.raises(PermissionDenied):
            services.review_working_paper(user, paper)
    services.review_working_paper(w.deputy_a, paper)
    # Only the leader signs.
    for user in (w.deputy_a, w.member_a, w.office):
        with pytest.raises(PermissionDenied):
            services.sign_working_paper(user, paper)
    services.sign_working_paper(w.leader_a, paper)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SIGNED
    assert (paper.reviewed_by, paper.signed_by) == (w.deputy_a, w.leader_a)


def test_sign_off_through_the_api(users):
    w = users
    paper = b.add_paper(w, b.draft_finding(w))
    api = APIClient()
    api.force_authenticate(w.member_a)
    assert api.post(f"/api/v1/working-papers/{paper.pk}/review/").status_code == 403
    api.force_authenticate(w.deputy_a)
    assert api.post(f"/api/v1/working-papers/{paper.pk}/sign/").status_code == 403
    assert api.post(f"/api/v1/working-papers/{paper.pk}/review/").status_code == 200
    api.force_authenticate(w.leader_a)
    response = api.post(f"/api/v1/working-papers/{paper.pk}/sign/")
    assert response.status_code == 200 and response.json()["status"] == "signed"


def test_finding_transitions_by_role(users):
    w = users
    # Members of the station's group draft; others cannot.
    for outsider in (w.member_b, w.office, w.official_a, w.liaison_a):
        with pytest.raises(PermissionDenied):
            b.draft_finding(w, author=outsider)
    finding = b.draft_finding(w)
    with pytest.raises(PermissionDenied):
        services.review_finding(w.member_a, finding)
    b.signed_paper(w, finding)
    with pytest.raises(StateConflict):  # not reviewed yet
        services.approve_finding(w.leader_a, finding)
    services.review_finding(w.deputy_a, finding)
    with pytest.raises(PermissionDenied):
        services.approve_finding(w.deputy_a, finding)
    services.approve_finding(w.leader_a, finding)
    with pytest.raises(StateConflict):  # approved findings are frozen
        services.update_finding(w.member_a, finding, title="改")


def test_immediate_rectification_needs_notice_and_deadline(users):
    w = users
    with pytest.raises(ValidationError) as refused:
        services.create_finding(
            w.member_a,
            w.station_a,
            title="食堂违规收费",
            category=b.category("work_style"),
            immediate_rectification=True,
        )
    assert set(refused.value.message_dict) == {"rectification_notice_number", "rectify_by"}
    finding = services.create_finding(
        w.member_a,
        w.station_a,
        title="食堂违规收费",
        category=b.category("work_style"),
        immediate_rectification=True,
        rectification_notice_number="立改〔2024〕1号",
        rectify_by=datetime.date(2024, 4, 10),
    )
    assert finding.immediate_rectification


def test_report_assembles_exactly_the_approved_findings(users):
    w = users
    one = b.approved_finding(w, "问题一", "integrity")
    two = b.approved_finding(w, "问题二", "cadre_selection")
    b.draft_finding(w, title="草稿问题")
    reviewed = b.draft_finding(w, title="已审核问题")
    services.review_finding(w.deputy_a, reviewed)
    b.finding_in_status(w.station_b, FindingStatus.APPROVED, "别组的问题")

    with pytest.raises(PermissionDenied):
        services.assemble_report(w.member_a, w.station_a)
    report = services.assemble_report(w.leader_a, w.station_a, datetime.date(2024, 5, 10))
    assert set(report.findings.values_list("pk", flat=True)) == {one.pk, two.pk}

    # Approving another finding and re-assembling adds exactly it.
    b.signed_paper(w, reviewed)
    services.approve_finding(w.leader_a, reviewed)
    report = services.assemble_report(w.leader_a, w.station_a, datetime.date(2024, 5, 11))
    assert set(report.findings.values_list("pk", flat=True)) == {one.pk, two.pk, reviewed.pk}


def test_report_approval_and_feedback_move_findings_and_station(users):
    w = users
    finding = b.approved_finding(w)
    report = services.assemble_report(w.leader_a, w.station_a, datetime.date(2024, 5, 10))
    with pytest.raises(PermissionDenied):
        services.approve_report(w.leader_a, report, datetime.date(2024, 5, 20), "省委书记专题会")
    with pytest.raises(StateConflict):  # feedback before approval
        services.feed_back_report(w.office, report, datetime.date(2024, 6, 1))
    services.approve_report(w.office, report, datetime.date(2024, 5, 20), "省委书记专题会")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REPORTED
    services.feed_back_report(w.office, report, datetime.date(2024, 6, 1))
    finding.refresh_from_db()
    report.refresh_from_db()
    w.station_a.refresh_from_db()
    assert finding.status == FindingStatus.FED_BACK
    assert report.status == ReportStatus.FED_BACK
    assert report.fed_back_to == "甲省交通运输厅领导班子"
    assert w.station_a.feedback_on == datetime.date(2024, 6, 1)
    assert w.station_a.report_on == datetime.date(2024, 5, 20)
    # The rectification app moves the finding on from here.
    from findings.models import Finding

    assert services.start_rectifying(w.office, Finding.objects.filter(pk=finding.pk)) == 1
    assert services.mark_rectified(w.office, Finding.objects.filter(pk=finding.pk)) == 1
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFIED


def test_report_actions_through_the_api(users):
    w = users
    b.approved_finding(w)
    api = APIClient()
    api.force_authenticate(w.leader_a)
    response = api.post("/api/v1/reports/assemble/", {"station": w.station_a.pk})
    assert response.status_code == 200, response.content
    pk = response.json()["id"]
    api.force_authenticate(w.office)
    response = api.post(f"/api/v1/reports/{pk}/approve/", {"approved_on": "2024-05-20"})
    assert response.status_code == 400 and "approving_body" in response.json()["fields"]
    response = api.post(
        f"/api/v1/reports/{pk}/approve/",
        {"approved_on": "2024-05-20", "approving_body": "省委书记专题会"},
    )
    assert response.json()["status"] == "approved"
    response = api.post(f"/api/v1/reports/{pk}/feed-back/", {"fed_back_on": "2024-06-01"})
    assert response.json()["status"] == "fed_back"


def test_status_changes_by_report_are_audited_with_the_actor(users):
    from auditlog.models import LogEntry

    w = users
    finding = b.approved_finding(w)
    report = services.assemble_report(w.leader_a, w.station_a, datetime.date(2024, 5, 10))
    services.approve_report(w.office, report, datetime.date(2024, 5, 20), "省委书记专题会")
    entry = LogEntry.objects.get_for_object(finding).filter(changes__has_key="status").first()
    assert entry.actor == w.office
    assert entry.changes["status"] == ["approved", "reported"]
