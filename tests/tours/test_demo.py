"""`manage.py load_demo` loads both real rounds (and stays idempotent)."""

import io

from django.core.management import call_command
from django.test import Client

from tours.models import InspectionGroup, Member, Round, Station, Term, Unit, UnitKind


def _round(committee, number):
    return Round.objects.get(term__committee=committee, number=number)


def test_demo_rounds_groups_and_stations(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    sichuan = _round("中共四川省委", 1)
    assert sichuan.mobilised_on.isoformat() == "2017-09-06"
    assert sichuan.groups.count() == 8
    assert sichuan.stations.count() == 24
    assert sichuan.stations.filter(batch=1).count() == 14
    sectors = set(sichuan.stations.values_list("unit__kind", flat=True))
    assert sectors == {UnitKind.DEPARTMENT, UnitKind.ENTERPRISE, UnitKind.UNIVERSITY}
    assert Station.objects.get(round=sichuan, unit__name="四川省国土资源厅").group.number == 4
    assert (
        Station.objects.get(round=sichuan, unit__name="四川省地质矿产勘查开发局").group.number == 6
    )

    central = _round("中共中央", 6)
    assert central.groups.count() == 15
    assert central.stations.filter(unit__kind=UnitKind.LOCAL).count() == 18
    assert central.stations.filter(unit__kind=UnitKind.CENTRAL_ORGAN).count() == 14
    for name in ("新疆生产建设兵团", "全国人大常委会办公厅", "全国政协办公厅", "中国残疾人联合会"):
        assert central.stations.filter(unit__name=name).exists(), name
    assert all(1 <= g.stations.count() <= 3 for g in InspectionGroup.objects.all())

    group4 = InspectionGroup.objects.get(round=sichuan, number=4)
    leader = Member.objects.get(group=group4, role="leader")
    assert leader.person.user.username == "groupleader"
    assert group4.members.filter(person__user__username="member").exists()
    liaison_unit = Unit.objects.get(users__username="liaison")
    official_unit = Unit.objects.get(users__username="official")
    assert (liaison_unit.name, official_unit.name) == ("四川省国土资源厅", "四川省纪委监委")


def _sign_in(browser, username):
    return browser.post("/login/", {"username": username, "password": "demo-2026"})


def test_demo_accounts_see_their_pages(db):
    call_command("load_demo", stdout=io.StringIO())
    term = Term.objects.get(committee="中共四川省委")
    browser = Client()
    # Through the sign-in form (its lockout check needs the request Client.login lacks).
    assert _sign_in(browser, "office").status_code == 302
    page = browser.get(f"/tours/terms/{term.pk}/coverage/")
    assert page.status_code == 200
    assert "四川省国土资源厅" in page.content.decode()
    assert "尚未巡视" in page.content.decode()
    rnd = _round("中共四川省委", 1)
    assert browser.get(f"/tours/rounds/{rnd.pk}/").status_code == 200
    browser.post("/logout/")
    assert _sign_in(browser, "groupleader").status_code == 302
    stations = browser.get("/tours/stations/").context["object_list"]
    assert {s.group.number for s in stations} == {4} and len(stations) == 3


def test_scale_generates_a_synthetic_term(db):
    call_command("load_demo", "--scale", "2", stdout=io.StringIO())
    term = Term.objects.get(name="合成届（2轮）")
    assert term.rounds.count() == 2
    assert Station.objects.filter(round__term=term).count() == 80
    assert all(
        1 <= g.stations.count() <= 3 for g in InspectionGroup.objects.filter(round__term=term)
    )
    call_command("load_demo", "--scale", "2", stdout=io.StringIO())
    assert Station.objects.filter(round__term=term).count() == 80
