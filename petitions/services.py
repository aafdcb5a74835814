"""Petition rules and state transitions: registration, triage, transfer, duplicates, reveal.

Views, serializers and the importer call these; none of them holds a rule of its own.
Every function raises ValidationError({"field": [message]}) on bad input and stores
nothing in that case (each runs in one transaction).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection import crypto
from inspection.audit.registry import log_bulk_create
from inspection.disciplines import Discipline
from inspection.numbering import format_number, next_number
from inspection.permissions import require
from inspection.uploads import check_upload
from inspection.validation import check_count, control_character_in
from inspection.workdays import add_working_days
from inspection.workflow import StateConflict
from petitions import reveals
from petitions.models import (
    Channel,
    Petition,
    PetitionDiscipline,
    PetitionStatus,
    ReportedPerson,
    ReporterIdentity,
    RoutingClass,
    Transfer,
)
from tours.models import Unit


def routing_working_days() -> int:
    return getattr(settings, "PETITION_ROUTING_WORKING_DAYS", 5)


def transfer_reply_days() -> int:
    return getattr(settings, "PETITION_TRANSFER_REPLY_DAYS", 60)


def notice_working_days() -> int:
    return getattr(settings, "PETITION_NOTICE_WORKING_DAYS", 15)


@dataclass
class PersonData:
    name: str
    position: str = ""
    unit_name: str = ""
    cadre_level: str = ""


@dataclass
class ReporterData:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    work_unit: str = ""

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.id_number, self.address, self.work_unit))


# ---------------------------------------------------------------- permissions
# The predicates live in petitions/permissions.py; these names are for pages and forms.


# ---------------------------------------------------------------- registration


def registration_number(station, year: int) -> tuple[int, str]:
    """Next number in the station's (or the office's) register for the year, sortable."""
    if station is None:
        value = next_number("petition:office", year)
        return value, format_number("巡办信", year, value, width=5)
    value = next_number(f"petition:station:{station.pk}", year)
    return value, format_number(f"巡{station.pk:04d}信", year, value, width=5)


def is_late(station, received_at) -> bool:
    if station is None or station.petition_cutoff_on is None:
        return False
    return timezone.localdate(received_at) > station.petition_cutoff_on


def _clean_disciplines(disciplines) -> list[str]:
    values = list(dict.fromkeys(d for d in disciplines or () if d))
    check_count(values, "disciplines", "disciplines")
    bad = [str(d) for d in values if d not in Discipline.values]
    if bad:
        raise ValidationError({"disciplines": [_("无效的纪律类别：%s") % "、".join(bad[:6])]})
    return values


# Inspection tours as recorded here began long after this; an earlier year is a typing error.
EARLIEST_RECEIVED_YEAR = 1990

# Limits of a reporter's identity (stored encrypted, so the model cannot carry them).
REPORTER_LIMITS = {"name": 50, "phone": 30, "id_number": 30, "address": 200, "work_unit": 200}


def _validate_registration(station, channel, received_at, summary, now):
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = [_("请选择来源渠道。")]
    if received_at is None:
        errors["received_at"] = [_("请填写收到时间。")]
    elif received_at > now + datetime.timedelta(minutes=5):
        errors["received_at"] = [_("收到时间不能晚于当前时间。")]
    elif received_at.year < EARLIEST_RECEIVED_YEAR:
        errors["received_at"] = [
            _("收到时间不能早于 %(year)d 年。") % {"year": EARLIEST_RECEIVED_YEAR}
        ]
    if not (summary or "").strip():
        errors["summary"] = [_("请填写摘要。")]
    if errors:
        raise ValidationError(errors)


def _field_errors(instance, exclude, prefix="") -> dict:
    """The model's own limits (length, choices, control characters), keyed by field."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return {f"{prefix}{field}": messages for field, messages in exc.message_dict.items()}
    return {}


def _check_reporter(reporter: ReporterData):
    errors = {}
    for field, limit in REPORTER_LIMITS.items():
        value = getattr(reporter, field) or ""
        if len(value) > limit:
            errors[f"reporter.{field}"] = [_("不能超过 %(n)d 个字。") % {"n": limit}]
        elif control_character_in(value):
            errors[f"reporter.{field}"] = [_("不能包含控制字符或不可见字符。")]
    if errors:
        raise ValidationError(errors)


def _encrypt_identity(petition, reporter: ReporterData) -> ReporterIdentity:
    return ReporterIdentity(
        petition=petition,
        name_enc=crypto.encrypt(reporter.name.strip()),
        phone_enc=crypto.encrypt(reporter.phone.strip()),
        id_number_enc=crypto.encrypt(reporter.id_number.strip()),
        address_enc=crypto.encrypt(reporter.address.strip()),
        work_unit_enc=crypto.encrypt(reporter.work_unit.strip()),
        name_hash=crypto.blind_index(reporter.name, "name"),
        phone_hash=crypto.blind_index(reporter.phone, "phone"),
        id_number_hash=crypto.blind_index(reporter.id_number, "id_number"),
    )


PERSON_FIELDS = ("petition", "name", "position", "unit_name", "cadre_level")


def register_petition(
    user,
    *,
    station,
    channel,
    received_at,
    summary,
    content="",
    disciplines=(),
    people=(),
    reporter: ReporterData | None = None,
    registered_at=None,
    named: bool = False,
) -> Petition:
    """Register a petition at `station` (None: the office's own register).

    Every check runs before the registration number is drawn, inside the same transaction,
    so a refused registration consumes no number and stores nothing.
    """
    # `named` records a named report whose identity is kept elsewhere (an imported register
    # carries the flag, never the identity); an identity given here always makes it named.
    require(user, "petitions.register", station, _("您无权向该进驻登记信访件。"))
    people = list(people or ())
    check_count(people, "reported_persons", "people")
    now = registered_at or timezone.now()
    _validate_registration(station, channel, received_at, summary, now)
    disciplines = _clean_disciplines(disciplines)
    has_identity = reporter is not None and not reporter.is_empty()
    if has_identity:
        _check_reporter(reporter)
        reveals.check_probe_limit(user)
    petition = Petition(
        station=station,
        channel=channel,
        received_at=received_at,
        registered_at=now,
        registered_by=user,
        is_named=bool(named) or has_identity,
        summary=summary.strip(),
        content=(content or "").strip(),
        is_late=is_late(station, received_at),
        routing_due_on=add_working_days(timezone.localdate(now), routing_working_days()),
    )
    errors = _field_errors(petition, ["number", "year", "sequence", "station", "registered_by"])
    persons = []
    for index, person in enumerate(p for p in people if (p.name or "").strip()):
        row = ReportedPerson(
            name=person.name.strip(),
            position=(person.position or "").strip(),
            unit_name=(person.unit_name or "").strip(),
            cadre_level=person.cadre_level or "",
        )
        errors.update(_field_errors(row, ["petition"], prefix=f"people[{index}]."))
        persons.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Only now, every check passed: the number is drawn in the storing transaction.
        petition.year = timezone.localdate(now).year
        petition.sequence, petition.number = registration_number(station, petition.year)
        petition.save()
        rows = PetitionDiscipline.objects.bulk_create(
            [PetitionDiscipline(petition=petition, discipline=d) for d in disciplines]
        )
        log_bulk_create(rows, ("petition", "discipline"), actor=user)
        for row in persons:
            row.petition = petition
        log_bulk_create(ReportedPerson.objects.bulk_create(persons), PERSON_FIELDS, actor=user)
        if has_identity:
            _encrypt_identity(petition, reporter).save()
    return petition


# ---------------------------------------------------------------- identity


def masked_identity(petition) -> dict | None:
    """What every page and export shows: whether the reporter is named, nothing more."""
    return {
        "named": petition.is_named,
        "display": _("实名（已隐藏）") if petition.is_named else _("匿名"),
    }


# Reveals live in petitions.reveals (purposes, limits, alerts); the name stays here for callers.
reveal_identity = reveals.reveal_identity


# ---------------------------------------------------------------- triage

_KEYWORDS = (
    (
        RoutingClass.ACCUSATION,
        (
            "受贿",
            "贪污",
            "索贿",
            "挪用",
            "吃拿卡要",
            "违规经商",
            "回扣",
            "公款",
            "宴请",
            "送礼",
            "侵占",
            "利益输送",
        ),
    ),
    (
        RoutingClass.ORGANISATION,
        ("提拔", "选人用人", "任用", "超职数", "跑官", "考察", "带病提拔", "人事"),
    ),
    (
        RoutingClass.LIVELIHOOD,
        ("拆迁", "工资", "补偿", "诉讼", "判决", "上访", "低保", "征地", "欠薪", "纠纷"),
    ),
    (RoutingClass.SUGGESTION, ("建议", "意见")),
)


def suggest_routing(petition) -> dict:
    """A first suggestion for the triage form; the person triaging decides."""
    text = f"{petition.summary}{petition.content}"
    routing_class = next(
        (cls for cls, words in _KEYWORDS if any(word in text for word in words)), ""
    )
    reasons = []
    outcome = ""
    if petition.is_late:
        outcome = PetitionStatus.TRANSFERRED
        reasons.append(_("收到时间晚于受理信访截止日期，建议转交有关机关办理。"))
    if routing_class in (RoutingClass.ORGANISATION, RoutingClass.LIVELIHOOD) and not outcome:
        outcome = PetitionStatus.TRANSFERRED
    label = RoutingClass(routing_class).label if routing_class else ""
    return {"routing_class": routing_class, "label": label, "outcome": outcome, "reasons": reasons}


def triage(user, petition, *, in_scope, routing_class, note="", outcome="") -> Petition:
    """Record the assessment; optionally decide handled_by_group or filed_for_reference."""
    from petitions.transitions import PETITION_FLOW, TRIAGE_OUTCOMES

    name = TRIAGE_OUTCOMES.get(outcome or "")
    errors = {}
    if name is None:
        errors["outcome"] = [_("转交请使用转办，重复件请关联原件。")]
    if in_scope is None:
        errors["in_scope"] = [_("请判断是否属于巡视范围。")]
    if routing_class not in RoutingClass.values:
        errors["routing_class"] = [_("请选择分类。")]
    if outcome == PetitionStatus.HANDLED_BY_GROUP and in_scope is False:
        errors["outcome"] = [_("不属于巡视范围的信访件不能由巡视组处理。")]
    with PETITION_FLOW.run(name or "assess", user, petition) as petition:
        if errors:
            raise ValidationError(errors)
        petition.in_scope = in_scope
        petition.routing_class = routing_class
        petition.triage_note = (note or "").strip()
        if outcome:
            petition.routed_at = timezone.now()
        _check_fields(petition, ["triage_note"], {"triage_note": "note"})
    return petition


def _check_fields(instance, fields, rename=None):
    """The model's limits for the fields a service just set, named as the input names them."""
    exclude = [f.name for f in instance._meta.fields if f.name not in fields]
    errors = _field_errors(instance, exclude)
    if errors:
        rename = rename or {}
        raise ValidationError({rename.get(k, k): v for k, v in errors.items()})


def transfer(user, petition, *, receiving_body, letter_number="", sent_on=None) -> Transfer:
    """Send the petition on; the reply is due a configured number of calendar days later.

    A petition may be sent to several bodies, never twice to the same one: of two identical
    concurrent requests the second finds the first's transfer and is refused (409).
    """
    from petitions.transitions import PETITION_FLOW

    sent_on = sent_on or timezone.localdate()
    errors = {}
    if receiving_body is None or not isinstance(receiving_body, Unit):
        errors["receiving_body"] = [_("请选择接收机关。")]
    elif not receiving_body.is_receiving_body:
        errors["receiving_body"] = [_("只能转交纪委监委、组织部或其他主管部门。")]
    with PETITION_FLOW.run("transfer", user, petition) as petition:
        if sent_on < timezone.localdate(petition.received_at):
            errors["sent_on"] = [_("转出日期不能早于收到日期。")]
        if errors:
            raise ValidationError(errors)
        if Transfer.objects.filter(petition=petition, receiving_body=receiving_body).exists():
            raise StateConflict(_("该信访件已转交该机关，请刷新后查看。"), obj=petition)
        notice_due = None
        if petition.is_named and petition.routing_class == RoutingClass.ACCUSATION:
            notice_due = add_working_days(sent_on, notice_working_days())
        record = Transfer(
            petition=petition,
            receiving_body=receiving_body,
            letter_number=(letter_number or "").strip(),
            sent_on=sent_on,
            reply_due_on=sent_on + datetime.timedelta(days=transfer_reply_days()),
            notice_due_on=notice_due,
            created_by=user,
        )
        _check_fields(record, ["letter_number"])
        record.save()
        if petition.routed_at is None:
            petition.routed_at = timezone.now()
    return record


def record_reply(user, record: Transfer, *, replied_on) -> Transfer:
    """The receiving body replied on `replied_on` (its officials, or office staff)."""
    from petitions.transitions import TRANSFER_FLOW

    with TRANSFER_FLOW.run("reply", user, record) as record:
        if replied_on is None or replied_on < record.sent_on:
            raise ValidationError({"replied_on": [_("回复日期不能早于转出日期。")]})
        if replied_on > timezone.localdate():
            raise ValidationError({"replied_on": [_("回复日期不能晚于今天。")]})
        record.replied_on = replied_on
    return record


def confirm_duplicate(user, petition, *, original) -> Petition:
    """Link a petition to the original it repeats; the chain always points at the root."""
    from petitions.transitions import PETITION_FLOW

    with PETITION_FLOW.run("mark_duplicate", user, petition) as petition:
        visible = Petition.objects.visible_to(user)
        if original is None or not visible.filter(pk=original.pk).exists():
            raise ValidationError({"original": [_("请选择您可见的原件。")]})
        seen = set()
        while original.duplicate_of_id and original.pk not in seen:
            seen.add(original.pk)
            original = original.duplicate_of
        if original.pk == petition.pk:
            raise ValidationError({"original": [_("不能将信访件关联为其自身的重复件。")]})
        petition.duplicate_of = original
        petition.routing_class = RoutingClass.DUPLICATE
        petition.routed_at = timezone.now()
    return petition


def conclude(user, petition, *, conclusion="") -> Petition:
    from petitions.transitions import PETITION_FLOW

    with PETITION_FLOW.run("conclude", user, petition) as petition:
        petition.concluded_at = timezone.now()
        petition.conclusion = (conclusion or "").strip()
        _check_fields(petition, ["conclusion"])
    return petition


# ---------------------------------------------------------------- attachments

# Allowed extensions and size limits per kind (bytes); settings may override the limits.
ATTACHMENT_RULES = {
    "letter": ({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"}, 20 * 1024 * 1024),
    "audio": ({".mp3", ".m4a", ".wav", ".amr", ".aac"}, 50 * 1024 * 1024),
    "other": ({".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".txt"}, 20 * 1024 * 1024),
}


def add_attachment(user, petition, *, file, kind):
    """Attach a scanned letter, a recording or other material (type and size checked)."""
    import mimetypes
    import os

    from petitions.models import Attachment

    require(user, "petitions.act", petition, _("您无权办理此信访件。"))
    upload = file
    rules = getattr(settings, "PETITION_ATTACHMENT_RULES", ATTACHMENT_RULES)
    if kind not in rules:
        raise ValidationError({"kind": [_("请选择附件类型。")]})
    extensions, limit = rules[kind]
    types = {
        ext: mimetypes.guess_type(f"x{ext}")[0] or "application/octet-stream" for ext in extensions
    }
    check_upload(upload, field="file", types=types, max_bytes=limit)
    with transaction.atomic():
        # The petition row is locked so an attachment never lands on a deleted petition.
        Petition.objects.select_for_update().filter(pk=petition.pk).first()
        return Attachment.objects.create(
            petition=petition,
            kind=kind,
            file=upload,
            original_name=os.path.basename(upload.name)[:200],
            size=upload.size,
            uploaded_by=user,
        )
