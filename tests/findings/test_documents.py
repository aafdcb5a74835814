"""Word exports open with python-docx and carry the numbers and dates."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from findings import services
from tests.findings import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def fed_back_report(users):
    w = users
    b.approved_finding(w, "违规发放津贴补贴", "integrity")
    b.approved_finding(w, "干部选拔任用程序不规范", "cadre_selection")
    report = services.assemble_report(w.leader_a, w.station_a, datetime.date(2024, 5, 10))
    services.approve_report(w.office, report, datetime.date(2024, 5, 20), "省委书记专题会")
    services.feed_back_report(w.office, report, datetime.date(2024, 6, 3))
    report.refresh_from_db()
    return report


def test_report_draft_docx(users, fed_back_report):
    client = Client()
    client.force_login(users.leader_a)
    response = client.get(f"/findings/reports/{fed_back_report.pk}/draft.docx")
    assert response.status_code == 200
    text = b.docx_text(response.content)
    assert fed_back_report.number in text and fed_back_report.number.startswith("巡报〔2024〕")
    assert "2024年5月10日" in text  # drafted on
    assert "甲省交通运输厅" in text and "第一巡视组" in text
    assert "违规发放津贴补贴" in text and "干部选拔任用程序不规范" in text
    assert "选人用人" in text  # grouped under the category heading


def test_feedback_opinion_docx_through_api_and_for_the_unit(users, fed_back_report):
    api = APIClient()
    api.force_authenticate(users.office)
    response = api.get(f"/api/v1/reports/{fed_back_report.pk}/feedback-docx/")
    assert response.status_code == 200
    text = b.docx_text(response.content)
    assert fed_back_report.feedback_number in text
    assert fed_back_report.feedback_number.startswith("巡反馈〔2024〕")
    assert "2024年6月3日" in text and "甲省交通运输厅领导班子" in text
    # The unit's liaison receives the feedback opinion once it is fed back.
    client = Client()
    client.force_login(users.liaison_a)
    assert client.get(f"/findings/reports/{fed_back_report.pk}/feedback.docx").status_code == 200
    assert client.get(f"/findings/reports/{fed_back_report.pk}/draft.docx").status_code == 404
    client.force_login(users.liaison_b)
    assert client.get(f"/findings/reports/{fed_back_report.pk}/feedback.docx").status_code == 404


def test_handover_letter_docx(users):
    w = users
    first = b.handed_over_lead(w, name="孙某", on=datetime.date(2024, 5, 6))
    letter = first.handover_letter
    client = Client()
    client.force_login(w.official_a)
    response = client.get(f"/findings/letters/{letter.pk}/docx/")
    assert response.status_code == 200
    text = b.docx_text(response.content)
    assert letter.number in text and "2024年5月6日" in text
    assert "孙某" in text and "2024年8月6日" in text  # report-back due
    assert "甲省纪委监委" in text
    client.force_login(w.official_b)
    assert client.get(f"/findings/letters/{letter.pk}/docx/").status_code == 404
