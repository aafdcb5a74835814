import io

from openpyxl import load_workbook

from inspection.excel import Column, read_sheet, write_sheet


def _positive(value):
    number = int(value)
    if number <= 0:
        raise ValueError("必须为正数")
    return number


COLUMNS = [
    Column("name", "名称"),
    Column("count", "数量", _positive),
    Column("note", "备注", required=False),
]


def test_every_bad_row_is_reported_and_good_rows_parsed():
    data = write_sheet(
        "t",
        ["名称", "数量", "备注"],
        [["甲", 3, None], ["", 2, "x"], ["丙", -1, None], ["丁", "abc", None]],
    )
    result = read_sheet(io.BytesIO(data), COLUMNS)
    assert [(e.row, e.column) for e in result.errors] == [(3, "名称"), (4, "数量"), (5, "数量")]
    assert result.rows[0] == (2, {"name": "甲", "count": 3, "note": None})
    assert "第 4 行「数量」" in str(result.errors[1])


def test_missing_column_and_unreadable_file():
    data = write_sheet("t", ["名称"], [["甲"]])
    result = read_sheet(io.BytesIO(data), COLUMNS)
    assert [(e.row, e.column) for e in result.errors] == [(1, "数量")]
    assert read_sheet(io.BytesIO(b"not excel"), COLUMNS).errors[0].row == 0


def test_written_sheet_reads_back():
    data = write_sheet("台账", ["名称", "数量"], [["甲", 1]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]] == ["甲", 1]
