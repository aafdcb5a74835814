"""Browser paths: logging a finding on site with a photo, sign-off buttons, the queue."""

import datetime

import pytest
from django.test import Client

from findings.models import Evidence, Finding, PaperStatus, WorkingPaper
from tests.findings import builders as b

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _finding_post(w, **extra):
    return {
        "station": w.station_a.pk,
        "title": "违规使用公务用车",
        "category": b.category("work_style").pk,
        "severity": "general",
        "responsible_kind": "department",
        "responsible_name": "办公室",
        "source": "document",
        "facts_who": "张某（办公室主任）",
        "facts_what": "2023年多次使用公务用车办理私事。",
        "facts_when": "2023年3月至10月",
        **extra,
    }


def test_member_logs_a_finding_with_a_photo_in_one_step(users):
    w = users
    client = _client(w.member_a)
    form = client.get("/findings/new/")
    assert form.status_code == 200
    assert 'accept="image/*,application/pdf' in form.content.decode()
    response = client.post("/findings/new/", _finding_post(w, photo=b.photo("公车登记.jpg")))
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/findings/{finding.pk}/"
    paper = WorkingPaper.objects.get(finding=finding)
    evidence = Evidence.objects.get(working_paper=paper)
    assert paper.status == PaperStatus.PREPARED and paper.number.startswith("巡底〔")
    assert evidence.original_name == "公车登记.jpg" and evidence.content_type == "image/jpeg"


def test_a_bad_file_is_named_and_nothing_is_stored(users):
    w = users
    client = _client(w.member_a)
    fake = b.photo("scan.jpg", content=b"MZ\x90\x00 not a photo")
    response = client.post("/findings/new/", _finding_post(w, photo=fake))
    assert response.status_code == 200
    assert "文件内容与扩展名不符" in response.context["paper_form"].errors["photo"][0]
    assert not Finding.objects.exists() and not WorkingPaper.objects.exists()
    wrong_type = b.photo("notes.exe", content=b.JPEG_BYTES)
    response = client.post("/findings/new/", _finding_post(w, photo=wrong_type))
    assert "photo" in response.context["paper_form"].errors
    assert not Finding.objects.exists()


def test_oversized_evidence_is_refused(users, settings):
    w = users
    settings.FINDINGS_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = b.photo("big.pdf", content=b.PDF_BYTES + b"0" * (1024 * 1024))
    response = _client(w.member_a).post("/findings/new/", _finding_post(w, photo=big))
    assert "不能超过 1 MB" in response.context["paper_form"].errors["photo"][0]
    assert not Finding.objects.exists()


def test_station_choices_are_the_members_own(users):
    w = users
    response = _client(w.member_a).post("/findings/new/", _finding_post(w, station=w.station_b.pk))
    assert "station" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_sign_off_buttons_follow_the_role(users):
    w = users
    paper = b.add_paper(w, b.draft_finding(w))
    url = f"/findings/papers/{paper.pk}/"
    assert "副组长审核" not in _client(w.member_a).get(url).content.decode()
    assert "副组长审核" in _client(w.deputy_a).get(url).content.decode()
    # A forged POST by the leader before the review is refused and says why.
    response = _client(w.leader_a).post(f"{url}do/sign/", follow=True)
    assert "不能组长签字" in response.content.decode()
    paper.refresh_from_db()
    assert paper.status == PaperStatus.PREPARED
    _client(w.deputy_a).post(f"{url}do/review/")
    _client(w.leader_a).post(f"{url}do/sign/")
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SIGNED


def test_officials_queue_is_sorted_by_due_date(users):
    w = users
    later = b.handed_over_lead(w, name="后到期", on=datetime.date(2024, 6, 1))
    sooner = b.handed_over_lead(w, name="先到期", on=datetime.date(2024, 3, 1))
    b.handed_over_lead(w, name="他机关", body=w.body_b, on=datetime.date(2024, 1, 1))
    response = _client(w.official_a).get("/findings/leads/")
    assert [lead.pk for lead in response.context["object_list"]] == [sooner.pk, later.pk]
    # The official acknowledges from the page.
    _client(w.official_a).post(f"/findings/leads/{sooner.pk}/do/acknowledge/")
    sooner.refresh_from_db()
    assert sooner.acknowledged_on is not None


def test_office_hands_over_several_leads_in_one_letter_from_the_page(users):
    w = users
    first, second = b.lead(w, name="甲某"), b.lead(w, name="乙某")
    client = _client(w.office)
    for lead in (first, second):
        client.post(f"/findings/leads/{lead.pk}/do/approve/")
    response = client.post(
        "/findings/letters/new/",
        {
            "receiving_body": w.body_a.pk,
            "handed_over_on": "2024-05-06",
            "leads": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.handover_letter_id == second.handover_letter_id is not None
    assert first.report_back_due_on == datetime.date(2024, 8, 6)


def test_nav_shows_leads_to_officials_but_not_to_liaisons(users):
    assert "/findings/leads/" in _client(users.official_a).get("/").content.decode()
    assert "/findings/leads/" not in _client(users.liaison_a).get("/").content.decode()


def test_filter_choices_list_only_visible_stations_and_letters(users):
    w = users
    b.handed_over_lead(w, w.station_b, name="乙站", body=w.body_b)
    response = _client(w.member_a).get("/findings/leads/")
    form = response.context["filter"].form
    assert list(form.fields["station"].queryset) == [w.station_a]
    assert not form.fields["handover_letter"].queryset.exists()
    response = _client(w.liaison_a).get("/findings/")
    assert list(response.context["filter"].form.fields["station"].queryset) == [w.station_a]


def test_finding_sources_link_the_stations_own_talks(users):
    from findings import services
    from findings.models import TalkRecord

    w = users
    talk = services.create_station_record(
        w.member_a,
        TalkRecord,
        w.station_a,
        talked_on=datetime.date(2024, 3, 5),
        interviewee_name="赵某",
        summary="反映用车问题。",
    )
    other = services.create_station_record(
        w.member_b,
        TalkRecord,
        w.station_b,
        talked_on=datetime.date(2024, 3, 5),
        interviewee_name="钱某",
        summary="其他。",
    )
    client = _client(w.member_a)
    response = client.post("/findings/new/", _finding_post(w, talks=[other.pk]))
    assert "talks" in response.context["form"].errors
    client.post("/findings/new/", _finding_post(w, talks=[talk.pk], from_questionnaire="on"))
    finding = Finding.objects.get()
    assert list(finding.talks.all()) == [talk] and finding.from_questionnaire


def test_report_assembled_approved_and_fed_back_through_pages(users):
    w = users
    finding = b.approved_finding(w)
    leader = _client(w.leader_a)
    assert "汇总报告" not in _client(w.member_a).get("/findings/reports/").content.decode()
    response = leader.post(
        "/findings/reports/assemble/", {"station": w.station_a.pk, "drafted_on": "2024-05-10"}
    )
    report_url = response["Location"]
    office = _client(w.office)
    page = office.get(report_url).content.decode()
    assert finding.title in page and "登记审议" in page
    response = office.post(f"{report_url}do/approve/", {"approved_on": "2024-05-20"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["审议机构：该字段是必填项。"]
    from findings.models import Report

    assert Report.objects.get().status == "draft"
    office.post(
        f"{report_url}do/approve/",
        {"approved_on": "2024-05-20", "approving_body": "省委书记专题会"},
    )
    office.post(f"{report_url}do/feed_back/", {"fed_back_on": "2024-06-01"})
    finding.refresh_from_db()
    assert finding.status == "fed_back"
    # Now the unit's liaison sees the finding and the report.
    liaison = _client(w.liaison_a)
    assert liaison.get(f"/findings/{finding.pk}/").status_code == 200
    assert liaison.get(report_url).status_code == 200


def test_lead_is_edited_until_handover_and_never_by_an_official(users):
    w = users
    lead = b.lead(w)
    url = f"/findings/leads/{lead.pk}/edit/"
    data = {
        "person_name": "李某某",
        "person_position": "副处长",
        "person_unit": "甲省交通运输厅",
        "cadre_level": "provincial",
        "facts": "涉嫌违规收受礼金。",
        "receiving_body": w.body_a.pk,
    }
    assert _client(w.member_a).post(url, data).status_code == 302
    lead.refresh_from_db()
    assert (lead.person_name, lead.cadre_level) == ("李某某", "provincial")
    assert _client(w.member_b).get(url).status_code == 404
    from findings import services

    services.approve_lead(w.office, lead)
    services.hand_over(w.office, [lead], w.body_a, datetime.date(2024, 5, 6))
    response = _client(w.member_a).post(url, {**data, "person_name": "改名"}, follow=True)
    lead.refresh_from_db()
    assert lead.person_name == "李某某"
    assert _client(w.official_a).post(url, data).status_code == 403  # never offered
    lead.refresh_from_db()
    assert lead.person_name == "李某某" and response.status_code == 200
