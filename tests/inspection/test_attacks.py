"""Attacks replayed as an outsider or a curious user would try them: formula injection and
control characters in exports, token guessing and concurrent bursts against the API budget,
and files that are not what their name says."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from findings.models import Lead
from petitions.models import Petition
from tests.findings import builders as findings_builders
from tests.petitions.helpers import register

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.example/","点此查看")'


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row]


# -- Exports ------------------------------------------------------------------------------


def test_a_formula_in_a_lead_person_name_is_exported_as_text(client, users):
    findings_builders.lead(users, name=HYPERLINK)
    client.force_login(users.office)
    sheet = _sheet(client.get(reverse("findings:lead-export")))
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["'" + HYPERLINK]
    assert all(cell.data_type != "f" for cell in _cells(sheet))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_escaped_in_the_petition_register(client, users, start):
    petition = register(users.office, users.station_a, summary="摘要")
    # Stored directly: the form strips leading whitespace, an import or old row may not.
    Petition.objects.filter(pk=petition.pk).update(summary=f"{start}1+cmd|' /C calc'!A0")
    client.force_login(users.office)
    sheet = _sheet(client.get(reverse("petitions:export")))
    summaries = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert summaries == [f"'{start}1+cmd|' /C calc'!A0"]
    assert all(cell.data_type != "f" for cell in _cells(sheet))


def test_a_control_character_stored_in_the_database_never_breaks_an_export(client, users):
    petition = register(users.office, users.station_a, summary="正常摘要")
    item = findings_builders.lead(users, name="李某")
    # Written past the input guard, as an old row or a direct database edit would be.
    Petition.objects.filter(pk=petition.pk).update(summary="摘要\x1b[31m红\x01字\x07")
    Lead.objects.filter(pk=item.pk).update(person_name="李\x1b某", person_position="处\x0b长")
    client.force_login(users.office)

    petitions_sheet = _sheet(client.get(reverse("petitions:export")))
    assert [row[3] for row in petitions_sheet.iter_rows(min_row=2, values_only=True)] == [
        "摘要[31m红字"
    ]
    leads_sheet = _sheet(client.get(reverse("findings:lead-export")))
    assert [row[3:5] for row in leads_sheet.iter_rows(min_row=2, values_only=True)] == [
        ("李某", "处长")
    ]
