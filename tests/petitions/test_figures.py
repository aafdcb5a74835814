import pytest
from django.test import Client
from rest_framework.test import APIClient

from petitions import services
from tests.petitions.helpers import at, register


@pytest.mark.django_db
def test_figures_by_channel_discipline_class_late_overdue(users):
    w = users
    p1 = register(w.office, w.station_a, channel="hotline", disciplines=["integrity"])
    register(
        w.office,
        w.station_a,
        channel="hotline",
        disciplines=["integrity", "work"],
        received_at=at(2024, 4, 22),
    )  # after the 2024-04-20 cut-off
    p3 = register(w.office, w.station_a, channel="mailbox")
    register(w.office, w.station_b, channel="visit", disciplines=["life"])
    services.triage(
        w.office, p1, in_scope=True, routing_class="accusation", outcome="handled_by_group"
    )
    services.triage(w.office, p3, in_scope=False, routing_class="livelihood")

    api = APIClient()
    api.force_authenticate(w.office)
    f = api.get("/api/v1/petitions/figures/", {"station": w.station_a.pk}).json()
    by = {
        name: {row["key"]: row["count"] for row in f[name]}
        for name in ("by_channel", "by_discipline", "by_routing_class")
    }
    assert f["received"] == 3 and f["late"] == 1
    assert by["by_channel"] == {
        "hotline": 2,
        "mailbox": 1,
        "visit": 0,
        "report_box": 0,
        "online": 0,
        "from_above": 0,
    }
    assert by["by_discipline"]["integrity"] == 2 and by["by_discipline"]["work"] == 1
    assert by["by_discipline"]["life"] == 0
    assert by["by_routing_class"]["accusation"] == 1 and by["by_routing_class"]["livelihood"] == 1
    # Registered today: routing due in the future, so nothing overdue yet; two still open.
    assert f["open"] == 2 and f["overdue"] == 0
    term = api.get("/api/v1/petitions/figures/", {"term": w.term.pk}).json()
    assert term["received"] == 4
    round_ = api.get("/api/v1/petitions/figures/", {"round": w.round.pk}).json()
    assert round_["received"] == 4
    browser = Client()
    browser.force_login(w.member_b)
    assert browser.get("/petitions/figures/", {"station": w.station_a.pk}).status_code == 404
    page = browser.get("/petitions/figures/")
    assert page.context["figures"]["received"] == 1


@pytest.mark.django_db
def test_figures_refuse_a_non_numeric_filter_by_field(users):
    api = APIClient()
    api.force_authenticate(users.office)
    response = api.get("/api/v1/petitions/figures/?station=abc")
    assert response.status_code == 400
    assert "station" in response.json()["fields"]
    assert api.get(f"/api/v1/petitions/figures/?station={users.station_a.pk}").status_code == 200
