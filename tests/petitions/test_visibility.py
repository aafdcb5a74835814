import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from inspection.figures import figures_for
from petitions import services
from petitions.models import Petition, Transfer
from tests.petitions.helpers import register
from tests.support.scoping import assert_visibility
from tours.models import Station


@pytest.fixture
def petitions(users):
    w = users
    w.p_a = register(
        w.office,
        w.station_a,
        "反映交通厅张伟违规收受礼金",
        people=[("张伟", "处长", "甲省交通运输厅")],
    )
    w.p_a2 = register(w.member_a, w.station_a, "反映交通厅工程招标问题")
    w.p_b = register(
        w.office,
        w.station_b,
        "反映能源集团张伟违规经商",
        people=[("张伟", "经理", "甲省能源投资集团")],
    )
    w.p_office = register(w.office, None, "直接寄往巡视办的来信，反映张伟问题")
    services.triage(w.office, w.p_a, in_scope=False, routing_class="accusation")
    services.transfer(w.office, w.p_a, receiving_body=w.body_a, letter_number="甲巡转〔2024〕1号")
    return w


def _export_numbers(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    return Petition.objects.filter(number__in=numbers).values_list("pk", flat=True)


def expected(w):
    everything = [w.p_a, w.p_a2, w.p_b, w.p_office]
    return {
        w.office: everything,
        w.leadership: everything,
        w.api_client: everything,
        w.leader_a: [w.p_a, w.p_a2],
        w.deputy_a: [w.p_a, w.p_a2],
        w.member_a: [w.p_a, w.p_a2],
        w.member_b: [w.p_b],
        w.official_a: [w.p_a],  # transferred to their body
        w.official_b: [],
        w.liaison_a: [],  # never petitions, not even about their own unit
        w.liaison_b: [],
        w.outsider: [],
    }


@pytest.mark.django_db
def test_petitions_by_role_through_every_path(petitions):
    assert_visibility(
        Petition,
        expected(petitions),
        api_list="/api/v1/petitions/",
        api_detail="/api/v1/petitions/{pk}/",
        page_list="/petitions/",
        page_detail="/petitions/{pk}/",
        export=("/petitions/export/", _export_numbers),
    )


@pytest.mark.django_db
def test_search_is_scoped(petitions):
    w = petitions
    for user, visible in expected(w).items():
        want = {p.pk for p in visible if "张伟" in p.summary}
        api = APIClient()
        api.force_authenticate(user)
        got = {row["id"] for row in api.get("/api/v1/petitions/", {"q": "张伟"}).json()["results"]}
        assert got == want, user
        page = Client()
        page.force_login(user)
        got = {p.pk for p in page.get("/petitions/", {"q": "张伟"}).context["object_list"]}
        assert got == want, user
        exported = page.get("/petitions/export/", {"q": "张伟"})
        assert set(_export_numbers(exported)) == want, user


@pytest.mark.django_db
def test_counts_are_scoped(petitions):
    w = petitions
    # member_a: p_a and p_a2 at station A; nothing of station B, nor the office's letter.
    api = APIClient()
    api.force_authenticate(w.member_a)
    figures = api.get("/api/v1/petitions/figures/").json()
    assert figures["received"] == 2
    assert api.get("/api/v1/petitions/figures/", {"station": w.station_b.pk}).status_code == 404
    api.force_authenticate(w.office)
    assert api.get("/api/v1/petitions/figures/").json()["received"] == 4
    assert (
        api.get("/api/v1/petitions/figures/", {"station": w.station_b.pk}).json()["received"] == 1
    )
    api.force_authenticate(w.official_a)
    assert api.get("/api/v1/petitions/figures/").json()["received"] == 1
    api.force_authenticate(w.liaison_a)
    assert api.get("/api/v1/petitions/figures/").json()["received"] == 0

    stations = Station.objects.all()
    by_station = figures_for(stations, w.member_b)
    assert by_station[w.station_b.pk]["petitions_received"] == 1
    assert by_station[w.station_a.pk]["petitions_received"] == 0  # not theirs to count
    by_station = figures_for(stations, w.office)
    assert by_station[w.station_a.pk]["petitions_received"] == 2


@pytest.mark.django_db
def test_transfers_scoped_for_officials(petitions):
    w = petitions
    api = APIClient()
    api.force_authenticate(w.official_a)
    ids = {row["id"] for row in api.get("/api/v1/petition-transfers/").json()["results"]}
    assert ids == set(Transfer.objects.filter(receiving_body=w.body_a).values_list("pk", flat=True))
    api.force_authenticate(w.official_b)
    assert api.get("/api/v1/petition-transfers/").json()["count"] == 0


@pytest.mark.django_db
def test_other_group_cannot_act_on_a_petition(petitions):
    w = petitions
    api = APIClient()
    api.force_authenticate(w.member_b)
    for action in ("triage", "transfer", "conclude", "reveal", "duplicate"):
        response = api.post(f"/api/v1/petitions/{w.p_a2.pk}/{action}/", {})
        assert response.status_code == 404, action
    # Read-only roles see but may not act.
    api.force_authenticate(w.leadership)
    response = api.post(
        f"/api/v1/petitions/{w.p_a2.pk}/triage/", {"in_scope": True, "routing_class": "accusation"}
    )
    assert response.status_code == 403
    # A member may not register for another group's station.
    api.force_authenticate(w.member_b)
    response = api.post(
        "/api/v1/petitions/",
        {
            "station": w.station_a.pk,
            "channel": "hotline",
            "received_at": "2024-04-01T10:00:00+08:00",
            "summary": "测试",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Petition.objects.filter(summary="测试").exists()


@pytest.mark.django_db
def test_station_filter_offers_only_visible_stations(petitions):
    w = petitions
    page = Client()
    page.force_login(w.member_a)
    response = page.get("/petitions/")
    offered = {s.pk for s in response.context["filter"].form.fields["station"].queryset}
    assert offered == {w.station_a.pk}
    api = APIClient()
    api.force_authenticate(w.member_a)
    assert api.get("/api/v1/petitions/", {"station": w.station_b.pk}).status_code == 400
