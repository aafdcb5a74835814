import datetime

import pytest

from findings.models import Finding, FindingStatus
from rectification import services


def fed_back_finding(station, title):
    return Finding.objects.create(station=station, title=title, status=FindingStatus.FED_BACK)


@pytest.fixture
def world(users):
    """The shared world after feedback: each station has a plan and one item."""
    w = users
    for station in (w.station_a, w.station_b):
        station.feedback_on = datetime.date(2024, 6, 3)
        station.save()
    w.finding_a = fed_back_finding(w.station_a, "选人用人把关不严")
    w.finding_b = fed_back_finding(w.station_b, "项目招投标不规范")
    w.item_a = services.create_item(
        w.office,
        w.finding_a,
        measures="修订选人用人制度",
        deadline=datetime.date(2024, 9, 30),
        responsible_department="组织人事处",
    )
    w.item_b = services.create_item(
        w.office,
        w.finding_b,
        measures="整改招投标流程",
        deadline=datetime.date(2024, 9, 30),
        responsible_department="招标办",
    )
    w.plan_a = w.item_a.plan
    w.plan_b = w.item_b.plan
    return w
