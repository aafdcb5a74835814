"""The findings write path: one decision per action, locked rows, 409 on a moved state,
numbers consumed once, validated input, and the pages that used to fail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from rest_framework.test import APIClient

from findings import services
from findings.models import Finding, HandoverLetter, Lead, LeadStatus, Report, WorkingPaper
from inspection.models import Sequence
from tests.findings import builders as b
from tests.support.concurrency import api_post_concurrently

D = datetime.date


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _status_entries(obj, to):
    """Audit entries of `obj` whose change moved its status to `to`."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    )
    return [e for e in entries if (e.changes_dict or {}).get("status", [None, None])[1] == to]


def _approved_lead(w, name="李某"):
    lead = b.lead(w, name=name)
    services.approve_lead(w.office, lead)
    return lead


def _numbers_used(kind, year=2024):
    row = Sequence.objects.filter(scope=f"findings:{kind}", year=year).first()
    return row.last_value if row else 0


# ------------------------------------------------------------------ defects of issue 10


@pytest.mark.django_db
def test_office_opens_an_approved_leads_page(users):
    """Was a 500: the page built the hand-over form without its `leads`."""
    lead = _approved_lead(users)
    client = Client()
    client.force_login(users.office)
    response = client.get(f"/findings/leads/{lead.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/findings/leads/{lead.pk}/do/hand_over/" in page
    # …and the form on it hands the lead over.
    response = client.post(
        f"/findings/leads/{lead.pk}/do/hand_over/",
        {"receiving_body": users.body_a.pk, "handed_over_on": "2024-05-06"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.HANDED_OVER and lead.handover_letter is not None


@pytest.mark.django_db
def test_a_second_approval_is_a_409_and_leaves_one_audit_entry(users):
    lead = b.lead(users)
    api = _api(users.office)
    assert api.post(f"/api/v1/leads/{lead.pk}/approve/").status_code == 200
    again = api.post(f"/api/v1/leads/{lead.pk}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert len(_status_entries(lead, LeadStatus.APPROVED)) == 1


@pytest.mark.django_db
def test_a_second_hand_over_is_a_409_and_consumes_no_number(users):
    lead = _approved_lead(users)
    api = _api(users.office)
    body = {"receiving_body": users.body_a.pk, "handed_over_on": "2024-05-06"}
    assert api.post(f"/api/v1/leads/{lead.pk}/hand-over/", body).status_code == 200
    assert api.post(f"/api/v1/leads/{lead.pk}/hand-over/", body).status_code == 409
    assert HandoverLetter.objects.count() == 1
    assert _numbers_used("handover") == 1


@pytest.mark.django_db
def test_read_only_roles_and_outsiders_change_nothing(users):
    lead = b.lead(users)
    for user in (users.leadership, users.api_client, users.leader_a, users.official_a):
        response = _api(user).post(f"/api/v1/leads/{lead.pk}/approve/")
        assert response.status_code in (403, 404), (user, response.status_code)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.REGISTERED
    assert _status_entries(lead, LeadStatus.APPROVED) == []


@pytest.mark.django_db
def test_wrongly_typed_input_is_a_400_naming_the_field(users):
    lead = b.handed_over_lead(users)
    api = _api(users.official_a)
    url = f"/api/v1/leads/{lead.pk}"
    response = api.post(f"{url}/acknowledge/", {"acknowledged_on": "yesterday"}, format="json")
    assert response.status_code == 400 and "acknowledged_on" in response.json()["fields"]
    api.post(f"{url}/acknowledge/", {"acknowledged_on": "2024-05-08"})
    api.post(f"{url}/dispose/", {"disposal_method": "preliminary"})
    response = api.post(
        f"{url}/report-back/",
        {"outcome_summary": "已办结", "criticism_count": "many"},
        format="json",
    )
    assert response.status_code == 400 and "criticism_count" in response.json()["fields"]
    response = api.post(f"{url}/report-back/", {"outcome_summary": ["x"]}, format="json")
    assert response.status_code == 400 and "outcome_summary" in response.json()["fields"]
    office = _api(users.office)
    other = _approved_lead(users, name="王某")
    response = office.post(
        f"/api/v1/leads/{other.pk}/hand-over/", {"letter": "first"}, format="json"
    )
    assert response.status_code == 400 and "letter" in response.json()["fields"]
    assert HandoverLetter.objects.count() == 1  # only the builder's


@pytest.mark.django_db
def test_a_letter_carries_at_most_the_configured_number_of_leads(users, monkeypatch):
    from inspection import validation

    monkeypatch.setitem(validation.COUNT_LIMITS, "leads_per_letter", 2)
    leads = [_approved_lead(users, name=f"甲{i}") for i in range(3)]
    api = _api(users.office)
    response = api.post(
        "/api/v1/handover-letters/",
        {
            "receiving_body": users.body_a.pk,
            "sent_on": "2024-05-06",
            "leads": [lead.pk for lead in leads],
        },
        format="json",
    )
    assert response.status_code == 400 and "leads" in response.json()["fields"]
    letter = services.hand_over(users.office, leads[:2], users.body_a, D(2024, 5, 6))
    response = api.post(
        f"/api/v1/leads/{leads[2].pk}/hand-over/",
        {"receiving_body": users.body_a.pk, "letter": letter.pk},
        format="json",
    )
    assert response.status_code == 400 and "letter" in response.json()["fields"]
    assert Lead.objects.get(pk=leads[2].pk).status == LeadStatus.APPROVED
    assert _numbers_used("handover") == 1


@pytest.mark.django_db
def test_buttons_come_from_the_declared_transitions(users):
    finding = b.draft_finding(users)
    client = Client()
    client.force_login(users.deputy_a)
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert f"/findings/{finding.pk}/do/review/" in page
    assert f"/findings/{finding.pk}/do/approve/" not in page
    client.force_login(users.leadership)
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "/do/" not in page and f"/findings/{finding.pk}/edit/" not in page


# ------------------------------------------------------------------ PostgreSQL concurrency


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_concurrent_lead_approvals_one_succeeds(users):
    lead = b.lead(users)
    codes = api_post_concurrently(users.office, f"/api/v1/leads/{lead.pk}/approve/", count=4)
    assert sorted(codes) == [200, 409, 409, 409], codes
    assert len(_status_entries(lead, LeadStatus.APPROVED)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_hand_overs_make_one_letter(users):
    lead = _approved_lead(users)
    body = {"receiving_body": users.body_a.pk, "handed_over_on": "2024-05-06"}
    codes = api_post_concurrently(
        users.office, f"/api/v1/leads/{lead.pk}/hand-over/", body, count=2
    )
    assert sorted(codes) == [200, 409], codes
    lead.refresh_from_db()
    assert HandoverLetter.objects.count() == 1
    assert HandoverLetter.objects.filter(leads__isnull=True).count() == 0
    assert lead.handover_letter.number.endswith("〔2024〕0001号")
    assert _numbers_used("handover") == 1
    assert len(_status_entries(lead, LeadStatus.HANDED_OVER)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_hand_overs_into_an_existing_letter(users):
    first, second = _approved_lead(users, "甲某"), _approved_lead(users, "乙某")
    letter = services.hand_over(users.office, [first], users.body_a, D(2024, 5, 6))
    body = {"receiving_body": users.body_a.pk, "letter": letter.pk}
    codes = api_post_concurrently(
        users.office, f"/api/v1/leads/{second.pk}/hand-over/", body, count=2
    )
    assert sorted(codes) == [200, 409], codes
    assert HandoverLetter.objects.count() == 1
    assert set(letter.leads.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert _numbers_used("handover") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_finding_approvals_one_succeeds(users):
    finding = b.draft_finding(users)
    b.signed_paper(users, finding)
    services.review_finding(users.deputy_a, finding)
    codes = api_post_concurrently(users.leader_a, f"/api/v1/findings/{finding.pk}/approve/")
    assert sorted(codes) == [200, 409, 409, 409], codes
    assert Finding.objects.get(pk=finding.pk).status == "approved"
    assert len(_status_entries(finding, "approved")) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_report_approval_and_feedback_number_once(users):
    finding = b.approved_finding(users)
    report = services.assemble_report(users.leader_a, users.station_a, D(2024, 5, 10))
    codes = api_post_concurrently(
        users.office,
        f"/api/v1/reports/{report.pk}/approve/",
        {"approved_on": "2024-05-20", "approving_body": "省委书记专题会"},
    )
    assert sorted(codes) == [200, 409, 409, 409], codes
    assert len(_status_entries(finding, "reported")) == 1
    codes = api_post_concurrently(
        users.office, f"/api/v1/reports/{report.pk}/feed-back/", {"fed_back_on": "2024-06-01"}
    )
    assert sorted(codes) == [200, 409, 409, 409], codes
    report = Report.objects.get(pk=report.pk)
    assert report.feedback_number.endswith("〔2024〕0001号")
    assert _numbers_used("feedback") == 1
    assert len(_status_entries(finding, "fed_back")) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_paper_signatures_one_succeeds(users):
    paper = b.add_paper(users, b.draft_finding(users))
    services.review_working_paper(users.deputy_a, paper)
    codes = api_post_concurrently(users.leader_a, f"/api/v1/working-papers/{paper.pk}/sign/")
    assert sorted(codes) == [200, 409, 409, 409], codes
    assert WorkingPaper.objects.get(pk=paper.pk).status == "signed"


@pytest.mark.django_db
def test_a_letter_shows_only_the_leads_the_reader_may_see(users):
    mine = _approved_lead(users, "甲某")
    theirs = b.lead(users, station=users.station_b, name="乙某")
    services.approve_lead(users.office, theirs)
    letter = services.hand_over(users.office, [mine, theirs], users.body_a, D(2024, 5, 6))
    answer = _api(users.member_a).get(f"/api/v1/handover-letters/{letter.pk}/").json()
    assert answer["leads"] == [mine.pk]
    answer = _api(users.office).get(f"/api/v1/handover-letters/{letter.pk}/").json()
    assert sorted(answer["leads"]) == sorted([mine.pk, theirs.pk])
