"""Lead approval, handover letters, due dates, the officials' flow and overdue detection."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from findings import services
from findings.models import Lead, LeadStatus
from inspection.workflow import StateConflict
from tests.findings import builders as b
from tours.models import TermLevel

pytestmark = pytest.mark.django_db


def test_handover_sets_the_due_date_three_months_later(users):
    w = users
    lead = b.lead(w)
    with pytest.raises(StateConflict):  # not approved yet
        services.hand_over(w.office, [lead], w.body_a, datetime.date(2024, 5, 6))
    with pytest.raises(PermissionDenied):
        services.approve_lead(w.leader_a, lead)
    services.approve_lead(w.office, lead)
    letter = services.hand_over(w.office, [lead], w.body_a, datetime.date(2024, 5, 6))
    lead.refresh_from_db()
    assert lead.status == LeadStatus.HANDED_OVER
    assert lead.handed_over_on == datetime.date(2024, 5, 6)
    assert lead.report_back_due_on == datetime.date(2024, 8, 6)
    assert lead.handover_letter == letter and letter.number.endswith("〔2024〕0001号")


def test_due_date_clamps_to_month_end():
    from inspection.dates import add_months

    assert add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)


def test_report_back_months_configurable_per_term_level(users, settings):
    w = users
    settings.LEAD_REPORT_BACK_MONTHS = {"default": 3, TermLevel.PROVINCIAL: 2}
    lead = b.handed_over_lead(w, on=datetime.date(2024, 5, 6))
    assert lead.report_back_due_on == datetime.date(2024, 7, 6)


def test_one_letter_carries_several_leads_to_one_body(users):
    w = users
    first, second = b.lead(w, name="甲某"), b.lead(w, w.station_b, name="乙某")
    for lead in (first, second):
        services.approve_lead(w.office, lead)
    letter = services.hand_over(w.office, [first, second], w.body_a, datetime.date(2024, 5, 6))
    assert set(letter.leads.values_list("pk", flat=True)) == {first.pk, second.pk}
    # A target unit is not a receiving body.
    third = b.lead(w, name="丙某")
    services.approve_lead(w.office, third)
    with pytest.raises(ValidationError) as refused:
        services.hand_over(w.office, [third], w.unit_a, datetime.date(2024, 5, 6))
    assert "receiving_body" in refused.value.message_dict


def test_only_office_staff_hand_over(users):
    w = users
    lead = b.lead(w)
    services.approve_lead(w.office, lead)
    for user in (w.leader_a, w.official_a, w.leadership):
        with pytest.raises(PermissionDenied):
            services.hand_over(user, [lead], w.body_a)


def test_overdue_detection_in_sql_and_on_the_object(users):
    w = users
    today = datetime.date(2024, 9, 1)
    late = b.lead_in_status(
        w.station_a,
        w.body_a,
        handed_over_on=datetime.date(2024, 5, 1),
        due=datetime.date(2024, 8, 1),
    )
    on_time = b.lead_in_status(
        w.station_a,
        w.body_a,
        handed_over_on=datetime.date(2024, 7, 1),
        due=datetime.date(2024, 10, 1),
    )
    answered = b.lead_in_status(
        w.station_a,
        w.body_a,
        status=LeadStatus.REPORTED_BACK,
        handed_over_on=datetime.date(2024, 5, 1),
        due=datetime.date(2024, 8, 1),
    )
    answered.reported_back_on = datetime.date(2024, 8, 20)
    answered.save()
    due_today = b.lead_in_status(
        w.station_a, w.body_a, handed_over_on=datetime.date(2024, 6, 1), due=today
    )
    b.lead_in_status(w.station_a, None, status=LeadStatus.REGISTERED)
    assert set(Lead.objects.overdue(today).values_list("pk", flat=True)) == {late.pk}
    assert late.is_overdue(today) and not on_time.is_overdue(today)
    assert not answered.is_overdue(today) and not due_today.is_overdue(today)


def test_overdue_filter_in_the_api(users):
    w = users
    late = b.lead_in_status(
        w.station_a,
        w.body_a,
        handed_over_on=datetime.date(2020, 1, 1),
        due=datetime.date(2020, 4, 1),
    )
    b.lead_in_status(
        w.station_a,
        w.body_a,
        handed_over_on=datetime.date(2099, 1, 1),
        due=datetime.date(2099, 4, 1),
    )
    api = APIClient()
    api.force_authenticate(w.official_a)
    rows = api.get("/api/v1/leads/?overdue=true").json()["results"]
    assert [row["id"] for row in rows] == [late.pk] and rows[0]["is_overdue"] is True


def test_official_acknowledges_disposes_and_reports_back(users):
    w = users
    lead = b.handed_over_lead(w)
    # Body B's official, a group leader and office staff cannot act for body A.
    for user in (w.official_b, w.leader_a, w.office):
        with pytest.raises(PermissionDenied):
            services.acknowledge_lead(user, lead)
    with pytest.raises(StateConflict):  # disposal before acknowledgement
        services.dispose_lead(w.official_a, lead, "preliminary")

    api = APIClient()
    api.force_authenticate(w.official_a)
    url = f"/api/v1/leads/{lead.pk}"
    assert api.post(f"{url}/acknowledge/", {"acknowledged_on": "2024-05-08"}).status_code == 200
    response = api.post(f"{url}/dispose/", {"disposal_method": "nonsense"})
    assert response.status_code == 400 and "disposal_method" in response.json()["fields"]
    assert api.post(f"{url}/dispose/", {"disposal_method": "case_opened"}).status_code == 200
    response = api.post(
        f"{url}/report-back/",
        {
            "reported_back_on": "2024-07-30",
            "outcome_form": 3,
            "outcome_summary": "立案审查，给予党内严重警告处分。",
            "sanction_count": 1,
            "case_filed_count": 1,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "reported_back" and body["is_overdue"] is False
    lead.refresh_from_db()
    assert (lead.outcome_form, lead.sanction_count, lead.case_filed_count) == (3, 1, 1)
    assert lead.reported_back_on == datetime.date(2024, 7, 30)


def test_official_of_other_body_gets_404_through_the_api(users):
    w = users
    lead = b.handed_over_lead(w, body=w.body_a)
    api = APIClient()
    api.force_authenticate(w.official_b)
    assert api.post(f"/api/v1/leads/{lead.pk}/acknowledge/").status_code == 404
    api.force_authenticate(w.liaison_a)
    assert api.get(f"/api/v1/leads/{lead.pk}/").status_code == 404


def test_hand_over_through_the_api_with_an_existing_letter(users):
    w = users
    first, second = b.lead(w, name="甲某"), b.lead(w, name="乙某")
    api = APIClient()
    api.force_authenticate(w.office)
    for lead in (first, second):
        assert api.post(f"/api/v1/leads/{lead.pk}/approve/").status_code == 200
    response = api.post(
        f"/api/v1/leads/{first.pk}/hand-over/",
        {"receiving_body": w.body_a.pk, "handed_over_on": "2024-05-06"},
    )
    assert response.status_code == 200 and response.json()["report_back_due_on"] == "2024-08-06"
    letter = response.json()["handover_letter"]
    response = api.post(
        f"/api/v1/leads/{second.pk}/hand-over/", {"receiving_body": w.body_a.pk, "letter": letter}
    )
    assert response.json()["handover_letter"] == letter
    assert response.json()["handed_over_on"] == "2024-05-06"


def test_letter_with_several_leads_through_the_api(users):
    w = users
    first, second = b.lead(w, name="甲某"), b.lead(w, w.station_b, name="乙某")
    for lead in (first, second):
        services.approve_lead(w.office, lead)
    api = APIClient()
    api.force_authenticate(w.office)
    response = api.post(
        "/api/v1/handover-letters/",
        {"receiving_body": w.body_a.pk, "sent_on": "2024-05-06", "leads": [first.pk, second.pk]},
    )
    assert response.status_code == 201, response.content
    assert sorted(response.json()["leads"]) == sorted([first.pk, second.pk])
    assert response.json()["number"].startswith("巡移〔2024〕")
    api.force_authenticate(w.member_a)  # group members do not hand over
    third = b.lead(w, name="丙某")
    services.approve_lead(w.office, third)
    response = api.post(
        "/api/v1/handover-letters/",
        {"receiving_body": w.body_a.pk, "sent_on": "2024-05-06", "leads": [third.pk]},
    )
    assert response.status_code == 403
