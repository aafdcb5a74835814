"""Recusal (回避): a declared relation bars a person from a unit and every unit under it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from tours import services
from tours.models import (
    DeclaredRelation,
    InspectionGroup,
    Member,
    MemberRole,
    Person,
    RelationKind,
    Station,
    Unit,
    UnitKind,
)


@pytest.fixture
def wang(users):
    person = Person.objects.create(name="王某某")
    DeclaredRelation.objects.create(person=person, unit=users.unit_a, kind=RelationKind.PAST_POST)
    return person


def test_member_refused_for_a_group_stationed_at_the_declared_unit(users, wang):
    with pytest.raises(ValidationError) as exc:
        services.add_member(users.office, users.group_a, wang, MemberRole.MEMBER)
    message = exc.value.message_dict["person"][0]
    assert "王某某" in message and "甲省交通运输厅" in message and "曾任职" in message
    assert not Member.objects.filter(person=wang).exists()


def test_member_refused_for_a_unit_under_the_declared_unit_at_any_depth(users):
    city = Unit.objects.create(name="乙市", kind=UnitKind.LOCAL)
    county = Unit.objects.create(name="乙市丙县", kind=UnitKind.LOCAL, parent=city)
    township = Unit.objects.create(name="丙县丁镇", kind=UnitKind.TOWNSHIP, parent=county)
    group = InspectionGroup.objects.create(round=users.round, number=7, name="第七巡察组")
    Station.objects.create(round=users.round, group=group, unit=township)
    person = Person.objects.create(name="李某某")
    DeclaredRelation.objects.create(person=person, unit=city, kind=RelationKind.KIN)
    with pytest.raises(ValidationError) as exc:
        services.add_member(users.office, group, person)
    message = exc.value.message_dict["person"][0]
    assert "李某某" in message and "乙市" in message and "丙县丁镇" in message
    assert "亲属关系" in message


def test_relation_with_a_sibling_unit_does_not_bar(users):
    city = Unit.objects.create(name="乙市", kind=UnitKind.LOCAL)
    county = Unit.objects.create(name="乙市丙县", kind=UnitKind.LOCAL, parent=city)
    other = Unit.objects.create(name="乙市戊县", kind=UnitKind.LOCAL, parent=city)
    group = InspectionGroup.objects.create(round=users.round, number=7, name="第七巡察组")
    Station.objects.create(round=users.round, group=group, unit=county)
    person = Person.objects.create(name="周某某")
    DeclaredRelation.objects.create(person=person, unit=other, kind=RelationKind.KIN)
    member = services.add_member(users.office, group, person)
    assert member.group == group


def test_station_refused_for_a_group_with_a_conflicted_member(users, wang):
    group = InspectionGroup.objects.create(round=users.round, number=3, name="第三巡视组")
    Member.objects.create(group=group, person=wang, role=MemberRole.MEMBER)
    child = Unit.objects.create(name="甲省交通运输厅直属公路局", kind=UnitKind.DEPARTMENT)
    child.parent = users.unit_a
    child.save()
    with pytest.raises(ValidationError) as exc:
        services.create_station(users.office, round_=users.round, group=group, unit=child)
    assert "王某某" in exc.value.message_dict["group"][0]
    assert not Station.objects.filter(unit=child).exists()


def test_station_refused_through_the_api_names_the_field(users, wang):
    group = InspectionGroup.objects.create(round=users.round, number=3, name="第三巡视组")
    Member.objects.create(group=group, person=wang, role=MemberRole.MEMBER)
    Station.objects.filter(unit=users.unit_a).delete()
    api = APIClient()
    api.force_authenticate(users.office)
    response = api.post(
        "/api/v1/stations/",
        {"round": users.round.pk, "group": group.pk, "unit": users.unit_a.pk},
    )
    assert response.status_code == 400
    assert "王某某" in response.json()["fields"]["group"][0]


def test_member_refused_through_the_api(users, wang):
    api = APIClient()
    api.force_authenticate(users.office)
    response = api.post(
        "/api/v1/members/", {"group": users.group_a.pk, "person": wang.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "甲省交通运输厅" in response.json()["fields"]["person"][0]


def test_declaring_a_relation_with_a_unit_one_already_inspects_is_refused(users):
    person = Person.objects.get(user=users.member_a)
    with pytest.raises(ValidationError) as exc:
        services.declare_relation(users.office, person, users.unit_a, RelationKind.KIN)
    assert "unit" in exc.value.message_dict
    assert not DeclaredRelation.objects.filter(person=person).exists()


def test_only_office_staff_staff_groups(users):
    person = Person.objects.create(name="吴某某")
    for user in (users.leadership, users.leader_a, users.liaison_a, users.api_client):
        with pytest.raises(PermissionDenied):
            services.add_member(user, users.group_a, person)


def test_a_person_may_not_inspect_their_own_workplace(users):
    person = Person.objects.create(name="秦某", home_unit=users.unit_b)
    with pytest.raises(ValidationError) as exc:
        services.add_member(users.office, users.group_b, person)
    message = exc.value.message_dict["person"][0]
    assert "秦某" in message and "甲省能源投资集团" in message and "工作单位" in message
    assert services.add_member(users.office, users.group_a, person).group == users.group_a
