"""Excel import and export of a petition register (登记簿).

The export carries the same columns the import reads (plus number, status and deadlines,
which the import ignores), so an exported register re-imports. Reporters' identities never
appear: only whether the reporter is named.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection.disciplines import Discipline
from inspection.excel import Column, RowError, read_sheet, write_sheet
from inspection.permissions import may
from inspection.validation import TEXT_LIMITS
from petitions import services
from petitions.models import CadreLevel, Channel

SEPARATOR = "、"


def _choice(choices, what):
    by_label = {str(label): value for value, label in choices}

    def parse(raw):
        text = str(raw).strip()
        if text in by_label:
            return by_label[text]
        if text in by_label.values():
            return text
        raise ValueError(_("无效的%(what)s：%(value)s") % {"what": what, "value": text})

    return parse


def _datetime(raw):
    if isinstance(raw, datetime.datetime):
        value = raw
    elif isinstance(raw, datetime.date):
        value = datetime.datetime.combine(raw, datetime.time(9, 0))
    else:
        text = str(raw).strip()
        for fmt in (
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d",
            "%Y/%m/%d %H:%M",
            "%Y/%m/%d",
        ):
            try:
                value = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(_("日期时间格式应为 2024-03-05 14:30"))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise ValueError(_("收到时间不能晚于当前时间。"))
    return value


def _disciplines(raw):
    parse = _choice(Discipline.choices, _("纪律类别"))
    return [parse(part) for part in str(raw).replace(",", SEPARATOR).split(SEPARATOR) if part]


def _yes_no(raw):
    text = str(raw).strip()
    # The export writes 实名/匿名 in the reader's language, so accept them in it too.
    if text in ("是", "实名", "1", "True", "true", _("实名"), _("是")):
        return True
    if text in ("否", "匿名", "0", "False", "false", _("匿名"), _("否")):
        return False
    raise ValueError(_("请填写“实名”或“匿名”"))


def _text(limit):
    def parse(raw):
        text = str(raw).strip()
        if len(text) > limit:
            raise ValueError(_("不能超过 %(n)d 个字") % {"n": limit})
        return text

    return parse


def columns():
    return [
        Column("channel", _("来源渠道"), _choice(Channel.choices, _("来源渠道"))),
        Column("received_at", _("收到时间"), _datetime),
        Column("summary", _("摘要"), _text(500)),
        Column("content", _("内容"), _text(TEXT_LIMITS["long"]), required=False),
        Column("disciplines", _("涉及纪律"), _disciplines, required=False),
        Column("person_name", _("被反映人"), _text(50), required=False),
        Column("person_position", _("被反映人职务"), _text(100), required=False),
        Column("person_unit", _("被反映人单位"), _text(200), required=False),
        Column(
            "person_level",
            _("干部层级"),
            _choice(CadreLevel.choices, _("干部层级")),
            required=False,
        ),
        Column("named", _("实名/匿名"), _yes_no, required=False),
    ]


def import_register(user, file, *, station) -> list:
    """Register every row, or nothing: returns the petitions, or raises with every error."""
    if not may(user, "petitions.register", station):
        raise ValidationError({"station": [_("您无权向该进驻登记信访件。")]})
    sheet = read_sheet(file, columns())
    if not sheet.errors and not sheet.rows:
        sheet.errors.append(RowError(2, _("文件"), _("没有可导入的数据行。")))
    if sheet.errors:
        raise ValidationError({"file": [str(error) for error in sheet.errors]})
    created, errors = [], []
    with transaction.atomic():
        for number, values in sheet.rows:
            try:
                created.append(_register_row(values, user, station))
            except ValidationError as exc:  # a rule of the service, reported with its row
                errors += [
                    str(RowError(number, field, "；".join(messages)))
                    for field, messages in exc.message_dict.items()
                ]
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ValidationError({"file": errors})
    return created


def _register_row(values, user, station):
    people = []
    if values.get("person_name"):
        people.append(
            services.PersonData(
                name=values["person_name"],
                position=values.get("person_position") or "",
                unit_name=values.get("person_unit") or "",
                cadre_level=values.get("person_level") or "",
            )
        )
    # An imported register holds no identities (a named reporter's is recorded by hand
    # later), only whether the report was named.
    return services.register_petition(
        user,
        station=station,
        channel=values["channel"],
        received_at=values["received_at"],
        summary=values["summary"],
        content=values.get("content") or "",
        disciplines=values.get("disciplines") or [],
        people=people,
        named=bool(values.get("named")),
    )


def export_register(petitions) -> bytes:
    """`petitions` is already scoped; iterated in chunks with two prefetches."""
    header = [
        _("登记编号"),
        *(column.header for column in columns()),
        _("状态"),
        _("分办期限"),
        _("超过受理截止日期"),
    ]
    qs = petitions.select_related(None).prefetch_related(None)
    qs = qs.prefetch_related("people", "discipline_rows")

    def rows():
        for p in qs.iterator(chunk_size=2000):
            person = next(iter(p.people.all()), None)
            yield [
                p.number,
                p.get_channel_display(),
                timezone.localtime(p.received_at).strftime("%Y-%m-%d %H:%M"),
                p.summary,
                p.content,
                SEPARATOR.join(
                    str(row.get_discipline_display()) for row in p.discipline_rows.all()
                ),
                person.name if person else "",
                person.position if person else "",
                person.unit_name if person else "",
                person.get_cadre_level_display() if person and person.cadre_level else "",
                _("实名") if p.is_named else _("匿名"),
                p.get_status_display(),
                p.routing_due_on.isoformat() if p.routing_due_on else "",
                _("是") if p.is_late else _("否"),
            ]

    return write_sheet(_("信访举报登记簿"), header, rows())
