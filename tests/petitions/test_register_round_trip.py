"""An exported petition register imports back unchanged: every imported column is equal."""

import io

import pytest
from openpyxl import load_workbook

from petitions.models import Channel, Petition, ReporterIdentity
from petitions.register_excel import columns, export_register, import_register
from tests.petitions.helpers import register

pytestmark = pytest.mark.django_db


def _rows(content):
    """{number: {header: cell}} restricted to the columns the import reads."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    imported = [str(column.header) for column in columns()]
    return [
        {
            name: ("" if cell is None else cell)
            for name, cell in zip(header, row, strict=True)
            if name in imported
        }
        for row in rows
    ]


def test_export_import_export_gives_the_same_imported_columns(users):
    register(
        users.office,
        users.station_a,
        "反映王某违规兼职",
        content="详见来信。\n第二段。",
        people=[("王某", "处长", "甲省交通运输厅", "division")],
        disciplines=["integrity", "organisational"],
        reporter={"name": "秘密举报人", "phone": "13600000000"},
    )
    register(users.office, users.station_a, "反映工程款拖欠", channel=Channel.MAILBOX)
    first = export_register(Petition.objects.filter(station=users.station_a).order_by("sequence"))
    created = import_register(users.office, io.BytesIO(first), station=users.station_b)
    assert len(created) == 2
    again = export_register(Petition.objects.filter(station=users.station_b).order_by("sequence"))
    assert _rows(again) == _rows(first)
    assert len(_rows(first)) == 2 and _rows(first)[0]["被反映人"] == "王某"
    # The register says the first report was named; the identity itself never travels.
    copies = Petition.objects.filter(station=users.station_b).order_by("sequence")
    assert [p.is_named for p in copies] == [True, False]
    assert not ReporterIdentity.objects.filter(petition__in=copies).exists()
