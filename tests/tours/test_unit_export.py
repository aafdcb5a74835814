"""The unit register export: the import's columns, so an exported file imports back unchanged."""

import io

import pytest
from openpyxl import load_workbook

from tests.tours.test_import import GOOD, _xlsx
from tours import imports
from tours.models import Unit

pytestmark = pytest.mark.django_db

FIELDS = ("name", "kind", "parent__name", "region", "leader_name", "leader_title", "is_active")


def _register():
    return sorted(Unit.objects.values_list(*FIELDS))


def _export(client, user):
    client.force_login(user)
    response = client.get("/tours/units/export/")
    assert response.status_code == 200
    return response.content


def test_exported_register_imports_back_unchanged(users, client):
    # A hierarchy, an inactive unit and blank cells, on top of the world's units.
    assert imports.import_units(users.office, io.BytesIO(_xlsx(GOOD)), "u.xlsx").errors == []
    before = _register()
    content = _export(client, users.office)
    result = imports.import_units(users.office, io.BytesIO(content), "units.xlsx")
    assert result.errors == []
    assert (result.created, result.updated) == (0, len(before))
    assert _register() == before


def test_export_writes_the_import_headers_and_labels(users, client):
    assert imports.import_units(users.office, io.BytesIO(_xlsx(GOOD)), "u.xlsx").errors == []
    sheet = load_workbook(io.BytesIO(_export(client, users.leadership))).active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.values]
    assert rows[0] == [column.header for column in imports.columns()]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["丙县丁镇"] == ["丙县丁镇", "乡镇街道", "乙市丙县", "", "", "", "是"]
    assert by_name["甲省交通运输厅"][1:] == ["省直部门", "", "甲省", "孙某", "厅长", "否"]
    assert len(rows) - 1 == Unit.objects.count()  # units are visible to every role


def test_export_needs_login(client):
    response = client.get("/tours/units/export/")
    assert response.status_code == 302 and "/login/" in response["Location"]
