"""Tours' write path: who may write, what a write accepts, and concurrent writes.

Every tours write (API and browser) is refused with 403 to read-only roles and to roles that
may not plan, before its body is read, and a refusal stores nothing and writes no audit entry.
Inputs are validated by field (wrong type, control characters, length, list size). On
PostgreSQL, concurrent requests that race for the same rule (one station per unit per round,
at most three units per group, one leader per group, one phase move) let exactly one through.
"""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from inspection.excel import write_sheet
from tests.support.concurrency import run_concurrently
from tours import services
from tours.models import (
    DeclaredRelation,
    InspectionGroup,
    Member,
    Person,
    Round,
    Station,
    StationStatus,
    Term,
    Unit,
    UnitKind,
)
from tours.services import MAX_UNITS_PER_TERM

MODELS = (Unit, Term, Round, InspectionGroup, Member, Person, DeclaredRelation, Station)
IMPORT_HEADER = ["名称", "类别", "上级单位", "地区", "主要负责人", "主要负责人职务", "有效"]


def _snapshot():
    stations = tuple(Station.objects.order_by("pk").values_list("status", "hotline", "batch"))
    counts = tuple(model.objects.count() for model in MODELS)
    return counts, stations, LogEntry.objects.count()


def _upload():
    rows = [["新导入单位", "省直部门", "", "", "", "", ""]]
    return SimpleUploadedFile("units.xlsx", write_sheet("单位", IMPORT_HEADER, rows))


def _api_writes(users):
    """(method, url, body, format) of every tours API write, each with a valid body."""
    person = Person.objects.create(name="新人员")
    member = Member.objects.get(person__user=users.member_a)
    unit = Unit.objects.create(name="甲省文化和旅游厅", kind=UnitKind.DEPARTMENT)
    a = users.station_a.pk
    return [
        ("post", "/api/v1/units/", {"name": "新单位", "kind": "department"}, "json"),
        ("patch", f"/api/v1/units/{users.unit_a.pk}/", {"region": "甲省"}, "json"),
        ("post", "/api/v1/units/import/", {"file": _upload()}, "multipart"),
        (
            "post",
            "/api/v1/terms/",
            {"committee": "中共甲省委", "name": "第十三届", "level": "provincial"}
            | {"starts_on": "2027-01-01"},
            "json",
        ),
        ("patch", f"/api/v1/terms/{users.term.pk}/", {"name": "第十二届（改）"}, "json"),
        ("post", "/api/v1/rounds/", {"term": users.term.pk, "number": 5, "name": "五"}, "json"),
        ("patch", f"/api/v1/rounds/{users.round.pk}/", {"name": "改"}, "json"),
        ("post", "/api/v1/groups/", {"round": users.round.pk, "number": 7}, "json"),
        ("patch", f"/api/v1/groups/{users.group_a.pk}/", {"name": "改"}, "json"),
        ("post", "/api/v1/members/", {"group": users.group_a.pk, "person": person.pk}, "json"),
        ("delete", f"/api/v1/members/{member.pk}/", None, "json"),
        ("post", "/api/v1/people/", {"name": "又一人"}, "json"),
        ("patch", f"/api/v1/people/{person.pk}/", {"title": "处长"}, "json"),
        (
            "post",
            f"/api/v1/people/{person.pk}/relations/",
            {"unit": users.unit_b.pk, "kind": "kin"},
            "json",
        ),
        (
            "post",
            "/api/v1/stations/",
            {"round": users.round.pk, "group": users.group_b.pk, "unit": unit.pk},
            "json",
        ),
        ("patch", f"/api/v1/stations/{a}/", {"batch": 1}, "json"),
        ("post", f"/api/v1/stations/{a}/transition/", {"to": "reporting"}, "json"),
        ("post", f"/api/v1/stations/{a}/contact/", {"hotline": "1"}, "json"),
    ]


@pytest.mark.parametrize("role", ["leadership", "api_client"])
def test_read_only_roles_get_403_on_every_tours_api_write_and_nothing_changes(users, role):
    writes = _api_writes(users)
    before = _snapshot()
    api = APIClient()
    api.force_authenticate(getattr(users, role))
    for method, url, body, fmt in writes:
        response = getattr(api, method)(url, body, format=fmt)
        assert response.status_code == 403, (method, url, response.content)
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["member_a", "leader_a", "liaison_a", "official_a", "outsider"])
def test_roles_that_do_not_plan_are_refused_before_their_body_is_read(users, role):
    writes = _api_writes(users)
    before = _snapshot()
    api = APIClient()
    api.force_authenticate(getattr(users, role))
    for method, url, body, fmt in writes:
        if role == "leader_a" and url.endswith("/contact/"):
            continue  # the group's own leader keeps its hotline (tested below)
        response = getattr(api, method)(url, body, format=fmt)
        assert response.status_code in (403, 404), (method, url, response.content)
        # A body the service would refuse is refused by role all the same (not a 400).
        if method != "delete":
            wrong = getattr(api, method)(url, {"batch": "x", "to": 5}, format="json")
            assert wrong.status_code in (403, 404), (method, url, wrong.content)
    assert _snapshot() == before


def _browser_writes(users):
    member = Member.objects.get(person__user=users.member_a)
    a = users.station_a.pk
    return [
        ("post", f"/tours/stations/{a}/transition/", {"to": "reporting"}),
        ("post", f"/tours/stations/{a}/contact/", {"hotline": "1"}),
        (
            "post",
            f"/tours/terms/{users.term.pk}/rounds/new/",
            {"number": 5, "name": "第五轮", "kind": "regular", "batch_count": 1},
        ),
        ("post", f"/tours/rounds/{users.round.pk}/", {"action": "group", "group-number": 7}),
        ("post", f"/tours/members/{member.pk}/remove/", {}),
        ("post", "/tours/units/import/", {"file": _upload()}),
        ("get", "/tours/units/import/", {}),
    ]


@pytest.mark.parametrize("role", ["leadership", "api_client", "member_a", "liaison_a"])
def test_browser_actions_refused_to_roles_that_may_not_act(users, client, role):
    writes = _browser_writes(users)
    before = _snapshot()
    client.force_login(getattr(users, role))
    for method, url, body in writes:
        response = getattr(client, method)(url, body)
        expected = (403,) if role in ("leadership", "api_client") else (403, 404)
        assert response.status_code in expected, (url, response.status_code)
    assert _snapshot() == before


def test_read_only_roles_see_no_write_buttons(users, client):
    client.force_login(users.leadership)
    station = client.get(f"/tours/stations/{users.station_a.pk}/").content.decode()
    assert "转为“" not in station and "修改值班电话和信箱" not in station
    plan = client.get(f"/tours/rounds/{users.round.pk}/").content.decode()
    assert "安排本轮" not in plan and "移出" not in plan
    assert "新建轮次" not in client.get("/tours/terms/").content.decode()


# -- inputs --------------------------------------------------------------------------------


@pytest.fixture
def office_api(users):
    api = APIClient()
    api.force_authenticate(users.office)
    return api


def test_transition_input_is_validated_by_field(users, office_api):
    url = f"/api/v1/stations/{users.station_a.pk}/transition/"
    for body, field in (
        ({"to": "reporting", "onsite_end_on": "not a date"}, "onsite_end_on"),
        ({"to": 5}, "to"),
        ({"to": ["reporting"]}, "to"),
        ({}, "to"),
        ({"to": "reporting", "entry_on": "2024-03-02"}, "entry_on"),  # another phase's date
    ):
        response = office_api.post(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["fields"], (body, response.json())
    users.station_a.refresh_from_db()
    assert users.station_a.status == StationStatus.ON_SITE


def test_other_action_inputs_are_validated_by_field(users, office_api):
    person = Person.objects.create(name="褚某")
    relation = office_api.post(
        f"/api/v1/people/{person.pk}/relations/", {"unit": "x", "kind": "kin"}, format="json"
    )
    assert relation.status_code == 400 and "unit" in relation.json()["fields"]
    kind = office_api.post(
        f"/api/v1/people/{person.pk}/relations/",
        {"unit": users.unit_a.pk, "kind": "friend"},
        format="json",
    )
    assert kind.status_code == 400 and "kind" in kind.json()["fields"]
    contact = office_api.post(
        f"/api/v1/stations/{users.station_a.pk}/contact/", {"hotline": ["1"]}, format="json"
    )
    assert contact.status_code == 400 and "hotline" in contact.json()["fields"]
    long = office_api.post(
        f"/api/v1/stations/{users.station_a.pk}/contact/", {"mailbox": "信" * 101}, format="json"
    )
    assert long.status_code == 400 and "mailbox" in long.json()["fields"]
    assert not DeclaredRelation.objects.filter(person=person).exists()


def test_text_limits_and_control_characters(users, office_api, client):
    focus = office_api.post(
        "/api/v1/rounds/",
        {"term": users.term.pk, "number": 6, "name": "第六轮", "focus": "重" * 5001},
        format="json",
    )
    assert focus.status_code == 400 and "focus" in focus.json()["fields"]
    bell = office_api.post("/api/v1/people/", {"name": "王\x07某"}, format="json")
    assert bell.status_code == 400 and "name" in bell.json()["fields"]
    # The model refuses it too, so forms and serializers inherit the rule.
    client.force_login(users.office)
    page = client.post(
        f"/tours/terms/{users.term.pk}/rounds/new/",
        {"number": 6, "name": "第六轮\u200b", "kind": "regular", "batch_count": 1},
    )
    assert page.status_code == 200 and page.context["round_form"].errors["name"]
    assert not Round.objects.filter(number=6).exists()
    assert not Person.objects.filter(name__startswith="王").exists()


def test_term_units_are_capped_and_resolved_by_field(users, office_api):
    body = {"committee": "中共甲省委", "name": "第十三届", "level": "provincial"}
    body["starts_on"] = "2027-01-01"
    too_many = office_api.post(
        "/api/v1/terms/", body | {"units": list(range(1, MAX_UNITS_PER_TERM + 2))}, format="json"
    )
    assert too_many.status_code == 400 and "units" in too_many.json()["fields"]
    unknown = office_api.post("/api/v1/terms/", body | {"units": [999999]}, format="json")
    assert unknown.status_code == 400 and "999999" in unknown.json()["message"]
    wrong = office_api.post("/api/v1/terms/", body | {"units": ["a"]}, format="json")
    assert wrong.status_code == 400 and "units" in wrong.json()["fields"]
    ok = office_api.post("/api/v1/terms/", body | {"units": [users.unit_a.pk]}, format="json")
    assert ok.status_code == 201 and ok.json()["units"] == [users.unit_a.pk]
    assert Term.objects.count() == 2


def test_group_round_and_station_place_stay_fixed(users, office_api):
    group = office_api.patch(
        f"/api/v1/groups/{users.group_a.pk}/", {"number": 9, "name": "改"}, format="json"
    )
    assert group.status_code == 400 and "number" in group.json()["fields"]
    renamed = office_api.patch(f"/api/v1/groups/{users.group_a.pk}/", {"name": "第一组"})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["member_count"]) == ("第一组", 3)
    moved = office_api.patch(
        f"/api/v1/stations/{users.station_a.pk}/", {"group": users.group_b.pk}, format="json"
    )
    assert moved.status_code == 400 and "group" in moved.json()["fields"]
    same = office_api.patch(
        f"/api/v1/stations/{users.station_a.pk}/",
        {"group": users.group_a.pk, "batch": 1},
        format="json",
    )
    assert same.status_code == 200 and same.json()["batch"] == 1


# -- browser phase moves -------------------------------------------------------------------


def test_station_page_offers_exactly_the_available_phase_move(users, client):
    client.force_login(users.office)
    text = client.get(f"/tours/stations/{users.station_a.pk}/").content.decode()
    assert text.count('name="to"') == 1 and 'value="reporting"' in text


def test_browser_phase_move_that_another_request_made_first_is_a_409(users, client):
    client.force_login(users.office)
    url = f"/tours/stations/{users.station_a.pk}/transition/"
    assert client.post(url, {"to": "reporting"}).status_code == 302
    entries = LogEntry.objects.count()
    again = client.post(url, {"to": "reporting"})
    assert again.status_code == 409
    assert any("不能结束现场工作" in str(m) for m in again.context["messages"])
    assert LogEntry.objects.count() == entries


# -- concurrency (PostgreSQL) --------------------------------------------------------------


def _posts_at_once(user, url, bodies):
    def post(index):
        api = APIClient()
        api.force_authenticate(user)
        response = api.post(url, bodies[index], format="json")
        return response.status_code, response.json()

    return run_concurrently(post, count=len(bodies))


def _entries(model, action=LogEntry.Action.CREATE):
    return LogEntry.objects.get_for_model(model).filter(action=action).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_stations_for_one_unit_in_a_round_one_is_planned(users):
    unit = Unit.objects.create(name="甲省水利厅", kind=UnitKind.DEPARTMENT)
    groups = [
        InspectionGroup.objects.create(round=users.round, number=n, name=f"第{n}组")
        for n in (5, 6, 7, 8)
    ]
    entries = _entries(Station)
    bodies = [{"round": users.round.pk, "group": g.pk, "unit": unit.pk} for g in groups]
    results = _posts_at_once(users.office, "/api/v1/stations/", bodies)
    codes = sorted(code for code, _body in results)
    assert codes == [201, 400, 400, 400], results
    assert all("unit" in body["fields"] for code, body in results if code == 400)
    assert Station.objects.filter(round=users.round, unit=unit).count() == 1
    assert _entries(Station) == entries + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_units_for_a_group_never_exceed_three(users):
    # group_a covers unit_a; one more plan fits, then a third, and no fourth.
    extra = Unit.objects.create(name="甲省单位零", kind=UnitKind.DEPARTMENT)
    services.create_station(users.office, round_=users.round, group=users.group_a, unit=extra)
    units = [Unit.objects.create(name=f"甲省单位{i}", kind=UnitKind.DEPARTMENT) for i in range(4)]
    entries = _entries(Station)
    bodies = [{"round": users.round.pk, "group": users.group_a.pk, "unit": u.pk} for u in units]
    results = _posts_at_once(users.office, "/api/v1/stations/", bodies)
    codes = sorted(code for code, _body in results)
    assert codes == [201, 400, 400, 400], results
    assert all("group" in body["fields"] for code, body in results if code == 400)
    assert Station.objects.filter(group=users.group_a).count() == 3
    assert _entries(Station) == entries + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_leaders_for_one_group_one_is_added(users):
    group = InspectionGroup.objects.create(round=users.round, number=9, name="第九巡视组")
    people = [Person.objects.create(name=f"候选人{i}") for i in range(4)]
    bodies = [{"group": group.pk, "person": p.pk, "role": "leader"} for p in people]
    results = _posts_at_once(users.office, "/api/v1/members/", bodies)
    assert sorted(code for code, _body in results) == [201, 400, 400, 400], results
    assert Member.objects.filter(group=group, role="leader").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_phase_moves_in_the_browser_one_succeeds(users):
    url = f"/tours/stations/{users.station_a.pk}/transition/"
    entries = _entries(Station, LogEntry.Action.UPDATE)

    def post(_index):
        browser = Client()
        browser.force_login(users.office)
        return browser.post(url, {"to": "reporting"}).status_code

    assert sorted(run_concurrently(post, count=4)) == [302, 409, 409, 409]
    assert Station.objects.get(pk=users.station_a.pk).status == StationStatus.REPORTING
    assert _entries(Station, LogEntry.Action.UPDATE) == entries + 1


def test_unit_import_reports_a_control_character_with_every_other_bad_row(users):
    from tours import imports

    rows = [
        IMPORT_HEADER,
        ["乙市\x0b", "地方（市县党委）", "", "", "", "", ""],  # row 2: vertical tab
        ["丙县", "县委", "", "", "", "", ""],  # row 3: unknown kind
        ["丁镇", "乡镇街道", "", "", "钱\u200b某", "", ""],  # row 4: zero-width space
    ]
    text = "\n".join(",".join(row) for row in rows).encode("utf-8")
    result = imports.import_units(users.office, io.BytesIO(text), "u.csv")
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "名称"),
        (3, "类别"),
        (4, "主要负责人"),
    ]
    assert "U+000B" in str(result.errors[0]) and "U+200B" in str(result.errors[2])
    assert not Unit.objects.filter(name__in=["乙市", "丁镇"]).exists()


def test_schema_documents_each_action_by_its_input(users, office_api):
    paths = office_api.get("/api/schema/", {"format": "json"}).json()["paths"]

    def request_ref(path):
        content = paths[path]["post"]["requestBody"]["content"]["application/json"]
        return content["schema"]["$ref"].rsplit("/", 1)[-1]

    assert request_ref("/api/v1/stations/{id}/transition/") == "TransitionInputRequest"
    assert request_ref("/api/v1/stations/{id}/contact/") == "ContactInputRequest"
