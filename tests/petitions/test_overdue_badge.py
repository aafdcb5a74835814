"""The routing-overdue badge reads the one rule (`Petition.objects.with_routing_overdue`)."""

import datetime

import pytest
from django.test import Client

from petitions import services
from petitions.models import Petition
from tests.petitions.helpers import register

pytestmark = pytest.mark.django_db


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


def test_an_open_petition_past_its_routing_deadline_is_marked_and_a_routed_one_is_not(users):
    late = register(users.office, users.station_a, summary="逾期未分办的信访件")
    routed = register(users.office, users.station_a, summary="已分办的信访件")
    past = datetime.date(2024, 4, 1)
    Petition.objects.filter(pk__in=[late.pk, routed.pk]).update(routing_due_on=past)
    services.triage(users.office, routed, in_scope=True, routing_class="accusation")
    services.transfer(users.office, routed, receiving_body=users.body_a)

    rows = Petition.objects.with_routing_overdue().in_bulk([late.pk, routed.pk])
    assert (rows[late.pk].routing_overdue, rows[routed.pk].routing_overdue) == (True, False)
    assert "逾期未分办" in _page(users.office, f"/petitions/{late.pk}/")
    assert "逾期未分办" not in _page(users.office, f"/petitions/{routed.pk}/")
    register_page = _page(users.office, "/petitions/")
    assert register_page.count('badge overdue">逾期<') == 1
