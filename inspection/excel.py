"""Excel import and export shared by every register and ledger.

Import is two-phase: `read_sheet` parses every row and collects every error (row number,
column, message) before anything is stored; callers store the rows only when `errors` is empty,
inside one transaction. Export writes header + rows with openpyxl in write-only mode, which
streams and keeps memory flat for large ledgers.

Every exported cell holding text is written as text, never as a formula: a value starting
with =, +, -, @, a tab or a carriage return gets a leading single quote (OWASP's CSV-injection
rule), characters a workbook cannot hold are removed, and text longer than a cell holds is
cut. Nothing a user typed can make an export fail or run in the reader's spreadsheet.
"""

import datetime
import decimal
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Leading characters a spreadsheet may read as the start of a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CELL_MAX_CHARS = 32767  # Excel's limit for one cell
_NATIVE = (int, float, decimal.Decimal, datetime.date, datetime.time, datetime.timedelta)


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


def safe_text(value: str, *, escape: bool = True) -> str:
    """Text as a workbook can hold it; with `escape`, never readable as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if escape and value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    return value[:CELL_MAX_CHARS]


def _cell(sheet, value, escape: bool):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        # Workbooks hold no time zone: local wall-clock time, as the pages show it.
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value
    if isinstance(value, _NATIVE):
        return value
    # Text, and anything else (lazy translations, enums, UUIDs) as its text.
    cell = WriteOnlyCell(sheet, safe_text(str(value), escape=escape))
    cell.data_type = "s"  # stored as text even if it starts with "=" (escape=False)
    return cell


def write_sheet(
    title: str, header: list[str], rows: Iterable[Iterable[object]], *, escape: bool = True
) -> bytes:
    """One sheet: header then rows. `escape=False` only for a sheet read straight back by
    `read_sheet` (an import converted from CSV), where a leading quote would alter values;
    its text is still stored as text, never as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_text(str(title))[:31] or "Sheet")
    sheet.append([_cell(sheet, value, escape) for value in header])
    for row in rows:
        sheet.append([_cell(sheet, value, escape) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
