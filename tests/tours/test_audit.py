"""Plan changes leave an audit trail naming who made them."""

import io

from auditlog.models import LogEntry
from rest_framework.test import APIClient

from inspection.excel import write_sheet
from tours import imports
from tours.models import Unit


def test_transition_is_in_the_station_history_with_its_actor(users):
    api = APIClient()
    api.force_authenticate(users.office)
    url = f"/api/v1/stations/{users.station_a.pk}/"
    assert api.post(url + "transition/", {"to": "reporting"}).status_code == 200
    history = api.get(url + "history/").json()
    change = history[0]
    assert change["changes"]["status"] == ["on_site", "reporting"]


def test_imported_units_are_logged_with_the_importing_user(users):
    data = write_sheet("u", ["名称", "类别"], [["新单位甲", "高校"], ["新单位乙", "高校"]])
    result = imports.import_units(users.office, io.BytesIO(data), "u.xlsx")
    assert result.created == 2
    units = Unit.objects.filter(name__in=["新单位甲", "新单位乙"])
    entries = LogEntry.objects.get_for_objects(units).filter(action=LogEntry.Action.CREATE)
    assert entries.count() == 2
    assert {entry.actor_id for entry in entries} == {users.office.pk}
