import pytest
from django.core.management import call_command

from petitions.demo import DEMO_UNITS
from petitions.models import Petition, PetitionStatus, ReportedPerson
from tours.models import Station


@pytest.mark.django_db
def test_demo_petitions_idempotent():
    call_command("load_demo_petitions")  # without tours demo: skips gracefully
    assert not Petition.objects.exists()
    call_command("load_demo")
    call_command("load_demo_petitions")
    count = Petition.objects.count()
    demo_stations = Station.objects.filter(unit__name__in=DEMO_UNITS).count()
    assert demo_stations == len(DEMO_UNITS)  # every demo unit has its station in the tours demo
    assert count == 30 * demo_stations
    call_command("load_demo_petitions")
    assert Petition.objects.count() == count
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert {
        PetitionStatus.REGISTERED,
        PetitionStatus.TRANSFERRED,
        PetitionStatus.CONCLUDED,
    } <= statuses
    assert ReportedPerson.objects.filter(name="王建国").count() >= 3  # a repeat-reported person
