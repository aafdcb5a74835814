"""Import of the unit registry from an Excel (.xlsx) or CSV file.

Every row is checked first (cells, duplicate names, unknown parents, loops in the hierarchy)
and every problem is reported with its row number and column; nothing is stored unless the
whole file is clean. Rows whose name already exists update that unit (re-importing a
corrected registry is the normal way to maintain it).
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from inspection.audit.registry import log_bulk_create, log_bulk_update
from inspection.excel import Column, RowError, read_sheet, write_sheet
from inspection.permissions import require
from inspection.validation import control_character_in
from tours.models import Unit, UnitKind

FIELDS = ("kind", "region", "leader_name", "leader_title", "is_active")
MAX_ROWS = 5000  # one file; a registry larger than this is imported in parts


def _kind(value):
    text = str(value).strip()
    for code, label in UnitKind.choices:
        if text in (code, str(label)):
            return code
    raise ValueError(_("未知的单位类别“%(value)s”。") % {"value": text})


def _flag(value):
    text = str(value).strip().lower()
    if text in ("是", "有效", "1", "true", "yes", "y"):
        return True
    if text in ("否", "停用", "0", "false", "no", "n"):
        return False
    raise ValueError(_("应填写“是”或“否”。"))


def _text(field):
    limit = Unit._meta.get_field(field).max_length

    def parse(value):
        text = str(value).strip()
        if len(text) > limit:
            raise ValueError(_("不能超过 %(n)d 个字。") % {"n": limit})
        char = control_character_in(text)
        if char is not None:
            raise ValueError(_control_message(char))
        return text

    return parse


def columns():
    # The headers are the file format, the same whatever language the page is shown in, so
    # they are not translated (a registry kept in Chinese imports under an English UI too).
    return [
        Column("name", "名称", _text("name")),
        Column("kind", "类别", _kind),
        Column("parent", "上级单位", _text("name"), required=False),
        Column("region", "地区", _text("region"), required=False),
        Column("leader_name", "主要负责人", _text("leader_name"), required=False),
        Column("leader_title", "主要负责人职务", _text("leader_title"), required=False),
        Column("is_active", "有效", _flag, required=False),
    ]


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _csv_as_xlsx(data: bytes):
    """Re-read a CSV file as a one-sheet workbook so both formats share one parser.

    A workbook cannot hold most control characters, so they are taken out of the cells here
    and reported (with the row and column) next to the parser's own errors."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValueError
    header, errors = [cell.strip() for cell in rows[0]], []
    for number, cells in enumerate(rows[1:], start=2):
        for index, cell in enumerate(cells):
            char = control_character_in(cell)
            if char is not None and ILLEGAL_CHARACTERS_RE.search(cell):
                column = header[index] if index < len(header) else str(index + 1)
                errors.append(RowError(number, column, _control_message(char)))
                cells[index] = ILLEGAL_CHARACTERS_RE.sub("", cell)
    return io.BytesIO(write_sheet("units", rows[0], rows[1:], escape=False)), errors


def _control_message(char):
    return _("不能包含控制字符或不可见字符（%(code)s）。") % {"code": f"U+{ord(char):04X}"}


def parse_file(file, filename=""):
    data, cell_errors = file.read(), []
    if filename.lower().endswith(".csv"):
        try:
            file, cell_errors = _csv_as_xlsx(data)
        except ValueError:
            result = ImportResult()
            result.errors.append(
                RowError(0, _("文件"), _("无法读取 CSV 文件，请使用 UTF-8 编码。"))
            )
            return None, result
    else:
        file = io.BytesIO(data)
    sheet = read_sheet(file, columns())
    sheet.errors = cell_errors + sheet.errors
    return sheet, ImportResult()


def _cross_row_errors(rows):
    """Duplicates, unknown parents and loops, given rows already parsed cell by cell."""
    errors = []
    header = {c.key: c.header for c in columns()}
    in_file = {}
    for number, values in rows:
        name = values.get("name")
        if name in in_file:
            errors.append(
                RowError(
                    number, header["name"], _("与第 %(row)d 行重名。") % {"row": in_file[name]}
                )
            )
        elif name:
            in_file[name] = number
    existing = dict(Unit.objects.values_list("name", "parent__name"))
    parent_of = dict(existing)
    parent_of.update({v["name"]: v.get("parent") for _n, v in rows if v.get("name")})
    for number, values in rows:
        parent = values.get("parent")
        if not parent or not values.get("name"):
            continue
        if parent not in in_file and parent not in existing:
            errors.append(
                RowError(
                    number, header["parent"], _("找不到上级单位“%(name)s”。") % {"name": parent}
                )
            )
        elif _loops(values["name"], parent_of):
            errors.append(RowError(number, header["parent"], _("上级单位形成循环。")))
    return errors


def _loops(name, parent_of):
    seen, current = {name}, parent_of.get(name)
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def import_units(user, file, filename=""):
    """Check every row, then store all of them or (when any is bad) none; `errors` says why."""
    require(user, "tours.import_units")
    sheet, result = parse_file(file, filename)
    if sheet is None:
        return result
    if len(sheet.rows) > MAX_ROWS:
        result.errors = [
            RowError(0, _("文件"), _("一次最多导入 %(n)d 行，请分批导入。") % {"n": MAX_ROWS})
        ]
        return result
    result.errors = sheet.errors + _cross_row_errors(sheet.rows)
    if result.errors:
        result.errors.sort(key=lambda error: error.row)
        return result
    try:
        with transaction.atomic():
            _store(sheet.rows, result, user)
    except IntegrityError:  # another import added one of these names meanwhile
        result.created = result.updated = 0
        result.errors = [RowError(0, _("文件"), _("单位名册已被同时修改，请重新导入。"))]
    return result


def import_unit_file(user, file):
    """The API's import: every problem as a 400 on `file`, or the counts."""
    result = import_units(user, file, getattr(file, "name", ""))
    if result.errors:
        raise ValidationError({"file": [str(error) for error in result.errors]})
    return result


def _store(rows, result, user):
    by_name = {
        unit.name: unit for unit in Unit.objects.filter(name__in=[v["name"] for _n, v in rows])
    }
    before = {u.pk: {f: getattr(u, f) for f in (*FIELDS, "parent_id")} for u in by_name.values()}
    new = []
    for _number, values in rows:
        unit = by_name.get(values["name"]) or Unit(name=values["name"])
        for name in FIELDS:
            default = True if name == "is_active" else ""
            setattr(unit, name, values.get(name) if values.get(name) is not None else default)
        if unit.pk is None:
            new.append(unit)
        by_name[unit.name] = unit
    Unit.objects.bulk_create(new)
    log_bulk_create(new, ["name", *FIELDS], actor=user)
    parents = {
        u.name: u.pk
        for u in Unit.objects.filter(name__in={v["parent"] for _n, v in rows if v.get("parent")})
    }
    for _number, values in rows:
        by_name[values["name"]].parent_id = parents.get(values.get("parent"))
    touched = [by_name[v["name"]] for _n, v in rows]
    Unit.objects.bulk_update(touched, [*FIELDS, "parent"])
    old = [u for u in touched if u.pk in before]
    log_bulk_update(old, before, [*FIELDS, "parent_id"], actor=user)
    result.created, result.updated = len(new), len(old)
