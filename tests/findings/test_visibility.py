"""Each role sees exactly its findings, working papers, talks, reports, leads and letters."""

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from PIL import Image

from findings import services
from findings.models import (
    Finding,
    FindingStatus,
    HandoverLetter,
    Lead,
    LeadStatus,
    Report,
    ReportStatus,
    TalkRecord,
    WorkingPaper,
)
from inspection.figures import figures_for
from tests.findings import builders as b
from tests.support.scoping import assert_visibility
from tours.models import Station

pytestmark = pytest.mark.django_db


def xlsx_ids(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def scene(users):
    w = users
    w.fa_draft = b.draft_finding(w, title="甲站草稿问题")
    w.fa_fed = b.finding_in_status(w.station_a, FindingStatus.FED_BACK, "甲站已反馈问题")
    w.fb_fed = b.finding_in_status(w.station_b, FindingStatus.FED_BACK, "乙站已反馈问题")
    w.paper_a = b.add_paper(w, w.fa_draft)
    w.paper_b = b.add_paper(
        w, b.draft_finding(w, w.station_b, w.member_b, title="乙站草稿"), w.member_b
    )
    w.talk_a = services.create_station_record(
        w.member_a,
        TalkRecord,
        w.station_a,
        talked_on=datetime.date(2024, 3, 5),
        interviewee_name="赵某",
        summary="反映办公室用车问题。",
    )
    w.talk_b = services.create_station_record(
        w.member_b,
        TalkRecord,
        w.station_b,
        talked_on=datetime.date(2024, 3, 6),
        interviewee_name="钱某",
        summary="反映招投标问题。",
    )
    w.lead_a = b.handed_over_lead(w, w.station_a, "甲站线索", w.body_a)
    w.lead_a_registered = b.lead(w, w.station_a, "甲站未移交", w.body_a)
    w.lead_b = b.handed_over_lead(w, w.station_b, "乙站线索", w.body_b)
    w.report_a = Report.objects.create(
        station=w.station_a,
        number="R-A",
        drafted_on=datetime.date(2024, 5, 1),
        drafted_by=w.leader_a,
    )
    w.report_b = Report.objects.create(
        station=w.station_b,
        number="R-B",
        drafted_on=datetime.date(2024, 5, 1),
        drafted_by=w.office,
        status=ReportStatus.FED_BACK,
    )
    return w


def test_findings_by_role_through_queryset_api_pages_and_export(scene):
    w = scene
    a, every = [w.fa_draft, w.fa_fed], list(Finding.objects.all())
    b_side = [f for f in every if f.station_id == w.station_b.pk]
    assert_visibility(
        Finding,
        {
            w.office: every,
            w.leadership: every,
            w.api_client: every,
            w.leader_a: a,
            w.deputy_a: a,
            w.member_a: a,
            w.member_b: b_side,
            w.official_a: [],
            w.official_b: [],
            w.liaison_a: [w.fa_fed],
            w.liaison_b: [w.fb_fed],
            w.outsider: [],
        },
        api_list="/api/v1/findings/",
        api_detail="/api/v1/findings/{pk}/",
        page_list="/findings/",
        page_detail="/findings/{pk}/",
        export=("/findings/export.xlsx", xlsx_ids),
    )


def test_working_papers_and_talks_never_reach_officials_or_liaisons(scene):
    w = scene
    for model, a, b_side, api, page in (
        (WorkingPaper, w.paper_a, w.paper_b, "working-papers", "/findings/papers/{pk}/"),
        (TalkRecord, w.talk_a, w.talk_b, "talk-records", "/findings/talks/{pk}/"),
    ):
        assert_visibility(
            model,
            {
                w.office: [a, b_side],
                w.leadership: [a, b_side],
                w.leader_a: [a],
                w.deputy_a: [a],
                w.member_a: [a],
                w.member_b: [b_side],
                w.official_a: [],
                w.official_b: [],
                w.liaison_a: [],
                w.liaison_b: [],
                w.outsider: [],
            },
            api_list=f"/api/v1/{api}/",
            api_detail=f"/api/v1/{api}/{{pk}}/",
            page_detail=page,
        )


def test_leads_by_role_official_sees_only_own_body(scene):
    w = scene
    a = [w.lead_a, w.lead_a_registered]
    every = [*a, w.lead_b]
    assert_visibility(
        Lead,
        {
            w.office: every,
            w.leadership: every,
            w.api_client: every,
            w.leader_a: a,
            w.deputy_a: a,
            w.member_a: a,
            w.member_b: [w.lead_b],
            w.official_a: [w.lead_a],  # handed to body A; the unhanded one stays hidden
            w.official_b: [w.lead_b],
            w.liaison_a: [],
            w.liaison_b: [],
            w.outsider: [],
        },
        api_list="/api/v1/leads/",
        api_detail="/api/v1/leads/{pk}/",
        page_list="/findings/leads/",
        page_detail="/findings/leads/{pk}/",
        export=("/findings/leads/export.xlsx", xlsx_ids),
    )


def test_reports_and_letters_by_role(scene):
    w = scene
    assert_visibility(
        Report,
        {
            w.office: [w.report_a, w.report_b],
            w.member_a: [w.report_a],
            w.member_b: [w.report_b],
            w.official_a: [],
            w.liaison_a: [],  # the draft stays the group's
            w.liaison_b: [w.report_b],  # the fed-back report reaches the unit
            w.outsider: [],
        },
        api_list="/api/v1/reports/",
        api_detail="/api/v1/reports/{pk}/",
        page_list="/findings/reports/",
        page_detail="/findings/reports/{pk}/",
    )
    letter_a, letter_b = w.lead_a.handover_letter, w.lead_b.handover_letter
    assert_visibility(
        HandoverLetter,
        {
            w.office: [letter_a, letter_b],
            w.member_a: [letter_a],
            w.member_b: [letter_b],
            w.official_a: [letter_a],
            w.official_b: [letter_b],
            w.liaison_a: [],
            w.outsider: [],
        },
        api_list="/api/v1/handover-letters/",
        api_detail="/api/v1/handover-letters/{pk}/",
        page_detail="/findings/letters/{pk}/",
    )


def test_evidence_downloads_only_inside_scope(scene):
    w = scene
    evidence = services.add_evidence(w.member_a, w.paper_a, b.photo())
    url = f"/findings/evidence/{evidence.pk}/download/"
    for user, status in (
        (w.member_a, 200),
        (w.office, 200),
        (w.member_b, 404),
        (w.official_a, 404),
        (w.liaison_a, 404),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user.username
        if status == 200:
            content = b"".join(response.streaming_content)
            assert Image.open(io.BytesIO(content)).format == "JPEG"  # stored re-encoded
            assert response["Content-Disposition"].startswith("attachment")
    # The stored file is not reachable under MEDIA_URL: no route serves it.
    client = Client()
    client.force_login(w.office)
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_station_figures_count_only_what_the_user_sees(scene):
    w = scene
    stations = Station.objects.all()
    a, b_ = w.station_a.pk, w.station_b.pk
    # station A: 2 findings; station B: 2 (one fed back, one draft); 1 lead handed over each.
    office = figures_for(stations, w.office)
    assert (office[a]["findings"], office[b_]["findings"]) == (2, 2)
    assert (office[a]["leads_handed_over"], office[b_]["leads_handed_over"]) == (1, 1)
    member = figures_for(stations, w.member_a)
    assert (member[a]["findings"], member[b_]["findings"]) == (2, None)
    liaison = figures_for(stations, w.liaison_a)
    assert (liaison[a]["findings"], liaison[a]["leads_handed_over"]) == (1, None)
    official = figures_for(stations, w.official_a)
    assert (official[a]["findings"], official[a]["leads_handed_over"]) == (None, 1)
    assert official[b_]["leads_handed_over"] is None


def test_liaison_gets_404_for_any_lead_page(scene):
    w = scene
    client = Client()
    client.force_login(w.liaison_a)
    for lead in Lead.objects.all():
        assert client.get(f"/findings/leads/{lead.pk}/").status_code == 404
    assert Lead.objects.filter(status=LeadStatus.REGISTERED).exists()
