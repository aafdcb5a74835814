"""Planning a round on one page, and the station page, as office staff use them."""

import pytest

from tours.models import DeclaredRelation, Member, Person, RelationKind, Station, Unit, UnitKind


@pytest.fixture
def office(users, client):
    client.force_login(users.office)
    return client


def test_plan_a_group_its_people_and_its_station_on_one_page(users, office):
    url = f"/tours/rounds/{users.round.pk}/"
    page = office.get(url)
    assert page.status_code == 200 and "安排本轮" in page.content.decode()
    assert office.post(url, {"action": "group", "group-number": 3}).status_code == 302
    group = users.round.groups.get(number=3)
    assert group.name == "第三巡视组"
    person = Person.objects.create(name="褚某")
    response = office.post(
        url,
        {
            "action": "member",
            "member-group": group.pk,
            "member-person": person.pk,
            "member-role": "leader",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.create(name="甲省农业农村厅", kind=UnitKind.DEPARTMENT)
    response = office.post(
        url,
        {
            "action": "station",
            "station-group": group.pk,
            "station-unit": unit.pk,
            "station-batch": 1,
            "station-planned_entry_on": "2024-09-01",
        },
    )
    assert response.status_code == 302
    station = Station.objects.get(round=users.round, unit=unit)
    assert (station.group, station.batch) == (group, 1)
    page = office.get(url).content.decode()
    assert "褚某" in page and "甲省农业农村厅" in page


def test_recusal_error_shown_next_to_the_field(users, office):
    person = Person.objects.create(name="卫某")
    DeclaredRelation.objects.create(person=person, unit=users.unit_b, kind=RelationKind.KIN)
    response = office.post(
        f"/tours/rounds/{users.round.pk}/",
        {
            "action": "member",
            "member-group": users.group_b.pk,
            "member-person": person.pk,
            "member-role": "member",
        },
    )
    assert response.status_code == 200
    errors = response.context["forms"]["member"].errors["person"]
    assert "卫某" in errors[0] and "甲省能源投资集团" in errors[0] and "亲属关系" in errors[0]
    assert not Member.objects.filter(person=person).exists()


def test_station_page_shows_phase_dates_hotline_and_contact_form_for_its_leader(users, client):
    Station.objects.filter(pk=users.station_a.pk).update(hotline="028-66668888")
    client.force_login(users.leader_a)
    page = client.get(f"/tours/stations/{users.station_a.pk}/")
    text = page.content.decode()
    assert 'aria-current="step">进驻<' in text
    assert "028-66668888" in text and "2024年3月1日" in text
    assert "修改值班电话和信箱" in text
    response = client.post(
        f"/tours/stations/{users.station_a.pk}/contact/",
        {"hotline": "028-1", "hotline_hours": "8:00-18:00", "mailbox": "A1 信箱"},
    )
    assert response.status_code == 302
    users.station_a.refresh_from_db()
    assert users.station_a.mailbox == "A1 信箱"
    client.force_login(users.member_a)
    page = client.get(f"/tours/stations/{users.station_a.pk}/")
    assert "修改值班电话和信箱" not in page.content.decode()
    refused = client.post(f"/tours/stations/{users.station_a.pk}/contact/", {"hotline": "1"})
    assert refused.status_code == 403
    users.station_a.refresh_from_db()
    assert users.station_a.hotline == "028-1"


def test_station_page_renders_registered_figures(users, client, monkeypatch):
    from inspection import figures

    monkeypatch.setattr(figures, "_figures", {})
    figures.register_station_figure(
        "probe",
        "探针",
        lambda stations, user: {pk: pk * 10 for pk in stations.values_list("pk", flat=True)},
    )
    client.force_login(users.office)
    page = client.get(f"/tours/stations/{users.station_a.pk}/")
    assert ("探针", users.station_a.pk * 10) in page.context["figures"]


def test_term_list_links_rounds_and_coverage(users, office):
    text = office.get("/tours/terms/").content.decode()
    assert f"/tours/rounds/{users.round.pk}/" in text
    assert f"/tours/terms/{users.term.pk}/coverage/" in text


def test_new_round_from_the_term_list_and_its_errors(users, office):
    url = f"/tours/terms/{users.term.pk}/rounds/new/"
    data = {"number": 1, "name": "重复轮次", "kind": "regular", "batch_count": 1}
    response = office.post(url, data)
    assert response.status_code == 200
    assert response.context["round_form"].errors["number"]  # round 1 exists already
    data.update(number=2, name="第二轮巡视", batch_count=2, mobilised_on="2024-09-01")
    response = office.post(url, data)
    rnd = users.term.rounds.get(number=2)
    assert response.status_code == 302 and response["Location"] == f"/tours/rounds/{rnd.pk}/"
    assert rnd.batch_count == 2


def test_new_round_refused_for_group_members(users, client):
    client.force_login(users.leader_a)
    url = f"/tours/terms/{users.term.pk}/rounds/new/"
    data = {"number": 2, "name": "第二轮巡视", "kind": "regular", "batch_count": 1}
    assert client.post(url, data).status_code == 403
    assert not users.term.rounds.filter(number=2).exists()


def test_remove_member_from_the_round_page(users, office, client):
    member = Member.objects.get(person__user=users.member_b)
    response = office.post(f"/tours/members/{member.pk}/remove/")
    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()


def test_group_leader_cannot_remove_members(users, client):
    member = Member.objects.get(person__user=users.member_a)
    client.force_login(users.leader_a)
    assert client.post(f"/tours/members/{member.pk}/remove/").status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


def test_station_list_page_filters(users, office):
    Station.objects.filter(pk=users.station_b.pk).update(status="reporting")
    response = office.get("/tours/stations/", {"status": "reporting"})
    assert [s.pk for s in response.context["object_list"]] == [users.station_b.pk]
    response = office.get("/tours/stations/", {"sector": "department"})
    assert [s.pk for s in response.context["object_list"]] == [users.station_a.pk]
