"""Each chart counts only what the requesting user may see; figures counted by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspection.dashboards.registry import charts

pytestmark = pytest.mark.django_db


def _chart(client, user, key, **params):
    client.force_login(user)
    response = client.get(f"/dashboards/charts/{key}.json", params)
    assert response.status_code == 200
    return response.json()


def _by_label(data, series=0):
    return dict(zip(data["labels"], data["series"][series]["values"], strict=True))


def test_stations_by_phase_for_two_roles(client, figures):
    office = _by_label(_chart(client, figures.office, "stations_by_phase"))
    assert office == {"计划": 0, "准备": 0, "进驻": 1, "报告": 0, "已反馈": 0, "整改": 1, "结束": 0}
    member = _by_label(_chart(client, figures.member_a, "stations_by_phase"))
    assert member["进驻"] == 1 and sum(member.values()) == 1
    liaison = _by_label(_chart(client, figures.liaison_b, "stations_by_phase"))
    assert liaison["整改"] == 1 and sum(liaison.values()) == 1


def test_coverage_by_sector_counts_units_with_a_visible_station(client, figures):
    office = _chart(client, figures.office, "coverage_by_sector", term=figures.term.pk)
    assert office["labels"] == ["省直部门", "国有企业", "高校"]
    assert [s["name"] for s in office["series"]] == ["已巡视", "未巡视"]
    assert office["series"][0]["values"] == [1, 1, 0] and office["series"][1]["values"] == [0, 0, 1]
    assert office["stacked"] is True
    member = _chart(client, figures.member_a, "coverage_by_sector", term=figures.term.pk)
    assert member["series"][0]["values"] == [1, 0, 0]


def test_petitions_by_channel_never_reach_a_liaison(client, figures):
    office = _by_label(_chart(client, figures.office, "petitions_by_channel"))
    assert (office["来电"], office["来信（邮政信箱）"], office["来访"]) == (2, 1, 1)
    assert sum(office.values()) == 4
    member = _by_label(_chart(client, figures.member_a, "petitions_by_channel"))
    assert (member["来电"], member["来信（邮政信箱）"], sum(member.values())) == (2, 1, 3)
    liaison = _by_label(_chart(client, figures.liaison_a, "petitions_by_channel"))
    assert sum(liaison.values()) == 0
    official = _by_label(_chart(client, figures.official_a, "petitions_by_channel"))
    assert official["来访"] == 1 and sum(official.values()) == 1  # the one transferred to A


def test_findings_and_leads_follow_each_roles_scope(client, figures):
    liaison = _by_label(_chart(client, figures.liaison_a, "findings_by_status"))
    assert liaison["已反馈"] == 1 and sum(liaison.values()) == 1  # drafts stay with the group
    member = _by_label(_chart(client, figures.member_b, "findings_by_status"))
    assert member["组长已审定"] == 1 and sum(member.values()) == 1
    official = _by_label(_chart(client, figures.official_a, "leads_by_status"))
    assert official["已移交"] == 1 and sum(official.values()) == 1
    office = _by_label(_chart(client, figures.office, "leads_by_status"))
    assert (office["已移交"], office["已登记"]) == (2, 1)


def test_a_round_outside_the_selection_is_not_counted(client, figures):
    from tours.models import Round

    other = Round.objects.create(term=figures.term, number=2, name="第二轮巡视")
    data = _by_label(_chart(client, figures.office, "stations_by_phase", round=other.pk))
    assert sum(data.values()) == 0


def test_dashboard_page_carries_every_registered_chart(client, figures):
    client.force_login(figures.leadership)
    response = client.get("/dashboards/")
    assert response.status_code == 200
    html = response.content.decode()
    for chart in charts():
        assert f'id="chart-{chart.key}"' in html
    assert "/static/vendor/plotly.min.js" in html and "cdn" not in html.lower()
    assert response.context["selection"].term == figures.term
    keys = [p["key"] for p in response.context["payloads"]]
    assert keys == [chart.key for chart in charts()]


def test_dashboard_costs_one_query_per_chart_whatever_the_data(client, figures):
    from petitions.models import Channel
    from tests.dashboards.cases import _petition

    client.force_login(figures.office)
    client.get("/dashboards/")  # warm the session
    counts = []
    for extra in (0, 30):
        for n in range(extra):
            _petition(figures.station_a, Channel.ONLINE, 100 + n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboards/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_unknown_chart_is_404_and_login_is_required(client, figures):
    assert client.get("/dashboards/").status_code == 302
    client.force_login(figures.office)
    assert client.get("/dashboards/charts/nope.json").status_code == 404
