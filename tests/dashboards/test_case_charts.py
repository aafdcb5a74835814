"""Charts on disciplines, lead disposal and rectification over time, counted by hand.

On top of the dashboard cases (tests.dashboards.cases): petitions 1 and 2 (station A) concern
廉洁纪律, petition 1 also 工作纪律, petition 4 (station B, transferred to body A) 政治纪律;
the lead handed to body A was disposed of by a talk (谈话函询), reported back, first form;
the lead handed to body B is not disposed of yet; station A's closed item was completed.
"""

import datetime

import pytest

from findings.models import DisposalMethod, Lead
from inspection.dashboards.registry import get_chart
from inspection.dashboards.selection import Selection
from petitions.models import Discipline, Petition, PetitionDiscipline
from rectification.models import ItemResult, ItemStatus, RectificationItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(figures):
    for number, disciplines in {
        "XF-1": (Discipline.INTEGRITY, Discipline.WORK),
        "XF-2": (Discipline.INTEGRITY,),
        "XF-4": (Discipline.POLITICAL,),
    }.items():
        petition = Petition.objects.get(number=number)
        for discipline in disciplines:
            PetitionDiscipline.objects.create(petition=petition, discipline=discipline)
    Lead.objects.filter(receiving_body=figures.body_a).update(
        disposal_method=DisposalMethod.TALK_OR_LETTER,
        reported_back_on=datetime.date(2024, 7, 1),
        outcome_form=1,
    )
    RectificationItem.objects.filter(status=ItemStatus.CLOSED).update(result=ItemResult.COMPLETED)
    return figures


def _chart(client, user, key):
    client.force_login(user)
    response = client.get(f"/dashboards/charts/{key}.json")
    assert response.status_code == 200
    return response.json()


def _by_label(data, series=0):
    return dict(zip(data["labels"], data["series"][series]["values"], strict=True))


def test_petitions_by_discipline_for_office_member_official_and_liaison(client, cases):
    office = _by_label(_chart(client, cases.office, "petitions_by_discipline"))
    assert office == {
        "政治纪律": 1,
        "组织纪律": 0,
        "廉洁纪律": 2,
        "群众纪律": 0,
        "工作纪律": 1,
        "生活纪律": 0,
    }
    member = _by_label(_chart(client, cases.member_a, "petitions_by_discipline"))
    assert (member["廉洁纪律"], member["工作纪律"], member["政治纪律"]) == (2, 1, 0)
    official = _by_label(_chart(client, cases.official_a, "petitions_by_discipline"))
    assert official["政治纪律"] == 1 and sum(official.values()) == 1
    liaison = _by_label(_chart(client, cases.liaison_a, "petitions_by_discipline"))
    assert sum(liaison.values()) == 0


def test_lead_disposal_for_office_and_each_body(client, cases):
    office = _chart(client, cases.office, "leads_by_disposal")
    reported, pending = _by_label(office, 0), _by_label(office, 1)
    assert (reported["谈话函询"], pending["谈话函询"]) == (1, 0)
    assert (reported["未处置"], pending["未处置"]) == (0, 1)
    assert sum(reported.values()) + sum(pending.values()) == 2  # the lead not handed over: out
    official_b = _chart(client, cases.official_b, "leads_by_disposal")
    assert sum(_by_label(official_b, 0).values()) == 0
    assert _by_label(official_b, 1) == {**dict.fromkeys(_by_label(official_b, 1), 0), "未处置": 1}
    liaison = _chart(client, cases.liaison_a, "leads_by_disposal")
    assert sum(_by_label(liaison, 0).values()) + sum(_by_label(liaison, 1).values()) == 0


def test_four_forms_for_office_and_bodies(client, cases):
    office = _by_label(_chart(client, cases.office, "leads_by_outcome_form"))
    assert list(office.values()) == [1, 0, 0, 0]
    assert sum(_by_label(_chart(client, cases.official_a, "leads_by_outcome_form")).values()) == 1
    assert sum(_by_label(_chart(client, cases.official_b, "leads_by_outcome_form")).values()) == 0


def _over_time(user, term, today=datetime.date(2024, 6, 1)):
    chart = get_chart("rectification_by_month")
    data = chart.compute(user, Selection(term=term), today=today).as_json()
    return data["labels"], [s["values"] for s in data["series"]]


def test_rectification_over_time_counts_completed_closures(cases):
    # May: A closed (completed), A in progress (due 20 May), B open (due 5 May); June: A open.
    labels, (due, completed, overdue, rate) = _over_time(cases.office, cases.term)
    assert labels == ["2024-05", "2024-06"]
    assert (due, completed, overdue, rate) == ([3, 1], [1, 0], [2, 0], [33.3, 0.0])
    labels, (due, completed, overdue, rate) = _over_time(cases.liaison_a, cases.term)
    assert (due, completed, overdue, rate) == ([2, 1], [1, 0], [1, 0], [50.0, 0.0])
    labels, series = _over_time(cases.official_a, cases.term)
    assert labels == [] and all(values == [] for values in series)


def test_a_closure_not_completed_does_not_raise_the_rate(cases):
    RectificationItem.objects.filter(status=ItemStatus.CLOSED).update(
        result=ItemResult.BASICALLY_COMPLETED
    )
    _labels, (due, completed, _overdue, rate) = _over_time(cases.office, cases.term)
    assert (due, completed, rate) == ([3, 1], [0, 0], [0.0, 0.0])
