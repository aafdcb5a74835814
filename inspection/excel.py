"""Excel import and export shared by every register and ledger.

Import is two-phase: `read_sheet` parses every row and collects every error (row number,
column, message) before anything is stored; callers store the rows only when `errors` is empty,
inside one transaction. Export writes header + rows with openpyxl in write-only mode, which
streams and keeps memory flat for large ledgers.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook


@dataclass
class Column:
    key: str
    header: str  # the header text in the sheet (Chinese), matched exactly after stripping
    parse: Callable[[object], object] = lambda value: value  # raises ValueError with a message
    required: bool = True


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("第 %(row)d 行「%(column)s」：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class SheetResult:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, values)
    errors: list[RowError] = field(default_factory=list)


def read_sheet(file, columns: list[Column]) -> SheetResult:
    """Parse the first sheet; header in row 1. Every bad cell is reported, none is stored."""
    result = SheetResult()
    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    except Exception:
        result.errors.append(
            RowError(0, _("文件"), _("无法读取，请上传 .xlsx 格式的 Excel 文件。"))
        )
        return result
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    positions = {}
    for column in columns:
        if column.header in header:
            positions[column.key] = header.index(column.header)
        elif column.required:
            result.errors.append(RowError(1, column.header, _("缺少该列。")))
    if result.errors:
        return result
    for number, cells in enumerate(rows, start=2):
        if all(cell in (None, "") for cell in cells):
            continue
        values = {}
        for column in columns:
            raw = (
                cells[positions[column.key]]
                if column.key in positions and positions[column.key] < len(cells)
                else None
            )
            if isinstance(raw, str):
                raw = raw.strip()
            if raw in (None, ""):
                if column.required:
                    result.errors.append(RowError(number, column.header, _("不能为空。")))
                values[column.key] = None
                continue
            try:
                values[column.key] = column.parse(raw)
            except (ValueError, TypeError) as exc:
                result.errors.append(RowError(number, column.header, str(exc)))
        result.rows.append((number, values))
    return result


def write_sheet(title: str, header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
