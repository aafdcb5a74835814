"""Rules for planning tours: who may change what, recusal, stations and their lifecycle.

Views, serializers and commands call these functions; none of them holds a rule itself.
Each refusal is a ValidationError naming the field, or PermissionDenied for the wrong role.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tours.models import (
    TARGET_KINDS,
    DeclaredRelation,
    InspectionGroup,
    Member,
    MemberRole,
    Person,
    Round,
    Station,
    StationStatus,
    Term,
    TermLevel,
    Unit,
)

MAX_UNITS_PER_GROUP = 3  # 一托二 / 一托三

# -- permissions ---------------------------------------------------------------------------


def require_office(user):
    if user is None or not getattr(user, "is_office_staff", False):
        raise PermissionDenied(_("只有巡视办工作人员可以修改巡视安排。"))


def may_edit_contact(user, station) -> bool:
    """Office staff, or the leader or deputy leader of the station's own group."""
    if getattr(user, "is_office_staff", False):
        return True
    if user is None or not user.is_authenticated:
        return False
    return Station.objects.filter(pk=station.pk).led_by(user).exists()


# -- helpers -------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 23 → 二十三 (group names count well below 100)."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def default_group_name(round_, number) -> str:
    # County and internal tours are 巡察; central and provincial tours are 巡视.
    if round_.term.level in (TermLevel.CENTRAL, TermLevel.PROVINCIAL):
        return _("第%(number)s巡视组") % {"number": chinese_numeral(number)}
    return _("第%(number)s巡察组") % {"number": chinese_numeral(number)}


def ancestors_or_self(unit_ids) -> dict[int, set[int]]:
    """{unit id: ids of the unit and every unit above it}; one query per level of depth."""
    chains = {uid: {uid} for uid in unit_ids}
    frontier = {uid: uid for uid in unit_ids}  # origin → unit whose parent we look up next
    while frontier:
        parents = dict(
            Unit.objects.filter(pk__in=set(frontier.values()), parent__isnull=False).values_list(
                "pk", "parent_id"
            )
        )
        next_frontier = {}
        for origin, current in frontier.items():
            parent = parents.get(current)
            if parent is not None and parent not in chains[origin]:
                chains[origin].add(parent)
                next_frontier[origin] = parent
        frontier = next_frontier
    return chains


@dataclass(frozen=True)
class Conflict:
    person: str
    unit: Unit  # the unit the person is related to
    relation: str  # how (a translated label)
    target: Unit  # the unit the person would inspect: `unit` or one below it


def recusal_conflicts(person_ids, unit_ids) -> list[Conflict]:
    """Where a person declared a relation with a target unit or a unit above it, or works
    there (their home unit is an undeclared but obvious relation)."""
    chains = ancestors_or_self(set(unit_ids))
    above = set().union(*chains.values()) if chains else set()
    targets = Unit.objects.in_bulk(set(unit_ids))
    related = [
        (r.person.name, r.unit, r.get_kind_display())
        for r in DeclaredRelation.objects.filter(
            person_id__in=set(person_ids), unit_id__in=above
        ).select_related("person", "unit")
    ]
    related += [
        (p.name, p.home_unit, _("工作单位"))
        for p in Person.objects.filter(
            pk__in=set(person_ids), home_unit_id__in=above
        ).select_related("home_unit")
    ]
    return [
        Conflict(person, unit, relation, targets[target_id])
        for person, unit, relation in related
        for target_id, chain in chains.items()
        if unit.pk in chain
    ]


def _recusal_error(field, conflicts):
    messages = []
    for conflict in conflicts:
        params = {
            "person": conflict.person,
            "unit": conflict.unit.name,
            "relation": conflict.relation,
            "target": conflict.target.name,
        }
        if conflict.unit.pk == conflict.target.pk:
            messages.append(
                _("%(person)s申报与%(unit)s有“%(relation)s”关系，应当回避，不能派往%(target)s。")
                % params
            )
        else:
            messages.append(
                _(
                    "%(person)s申报与%(unit)s有“%(relation)s”关系，%(target)s隶属于该单位，"
                    "应当回避。"
                )
                % params
            )
    return ValidationError({field: messages})


# -- units, terms, rounds, people ----------------------------------------------------------


def _apply(instance, data):
    for name, value in data.items():
        setattr(instance, name, value)


def _check_unit_parent(unit, parent):
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or unit.pk in ancestors_or_self([parent.pk])[parent.pk]:
        raise ValidationError({"parent": [_("上级单位不能是该单位本身或其下级单位。")]})


@transaction.atomic
def save_unit(user, unit=None, **data):
    require_office(user)
    unit = unit or Unit()
    _check_unit_parent(unit, data.get("parent", unit.parent if unit.pk else None))
    _apply(unit, data)
    if Unit.objects.filter(name=unit.name).exclude(pk=unit.pk).exists():
        raise ValidationError({"name": [_("已有同名单位。")]})
    unit.save()
    return unit


@transaction.atomic
def save_term(user, term=None, **data):
    require_office(user)
    units = data.pop("units", None)
    term = term or Term()
    _apply(term, data)
    if term.ends_on and term.starts_on and term.ends_on < term.starts_on:
        raise ValidationError({"ends_on": [_("结束日期不能早于开始日期。")]})
    term.save()
    if units is not None:
        bodies = [unit.name for unit in units if unit.kind not in TARGET_KINDS]
        if bodies:
            raise ValidationError(
                {"units": [_("受理机关不是被巡视单位：%(names)s") % {"names": "、".join(bodies)}]}
            )
        term.units.set(units)
    return term


@transaction.atomic
def save_round(user, round_=None, **data):
    require_office(user)
    round_ = round_ or Round()
    _apply(round_, data)
    term = round_.term
    if round_.batch_count < 1:
        raise ValidationError({"batch_count": [_("批次数至少为 1。")]})
    if round_.mobilised_on and (
        round_.mobilised_on < term.starts_on
        or (term.ends_on and round_.mobilised_on > term.ends_on)
    ):
        raise ValidationError({"mobilised_on": [_("动员部署日期不在本届任期内。")]})
    if Round.objects.filter(term=term, number=round_.number).exclude(pk=round_.pk).exists():
        raise ValidationError({"number": [_("本届已有该轮次。")]})
    if round_.pk and round_.stations.filter(batch__gt=round_.batch_count).exists():
        raise ValidationError({"batch_count": [_("已有进驻安排在更后的批次。")]})
    round_.save()
    return round_


@transaction.atomic
def save_person(user, person=None, **data):
    require_office(user)
    person = person or Person()
    _apply(person, data)
    person.save()
    return person


@transaction.atomic
def declare_relation(user, person, unit, kind, note=""):
    """Record a declared relation; refuse it if the person already serves at that unit."""
    require_office(user)
    relation, _created = DeclaredRelation.objects.get_or_create(
        person=person, unit=unit, kind=kind, defaults={"note": note}
    )
    stationed = Station.objects.filter(group__members__person=person).values_list(
        "unit_id", flat=True
    )
    conflicts = [c for c in recusal_conflicts([person.pk], stationed) if c.unit.pk == unit.pk]
    if conflicts:
        raise _recusal_error("unit", conflicts)
    return relation


# -- groups and members --------------------------------------------------------------------


@transaction.atomic
def create_group(user, round_, number, name=""):
    require_office(user)
    if InspectionGroup.objects.filter(round=round_, number=number).exists():
        raise ValidationError({"number": [_("本轮已有该组号。")]})
    return InspectionGroup.objects.create(
        round=round_, number=number, name=name or default_group_name(round_, number)
    )


@transaction.atomic
def rename_group(user, group, name):
    require_office(user)
    group.name = name
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def add_member(user, group, person, role=MemberRole.MEMBER):
    """Put a person in a group, refusing duplicates, two leaders and conflicts of interest."""
    require_office(user)
    if Member.objects.filter(group__round_id=group.round_id, person=person).exists():
        raise ValidationError(
            {"person": [_("%(person)s已在本轮的巡视组中。") % {"person": person}]}
        )
    if (
        role == MemberRole.LEADER
        and Member.objects.filter(group=group, role=MemberRole.LEADER).exists()
    ):
        raise ValidationError({"role": [_("该组已有组长。")]})
    units = group.stations.values_list("unit_id", flat=True)
    conflicts = recusal_conflicts([person.pk], units)
    if conflicts:
        raise _recusal_error("person", conflicts)
    return Member.objects.create(group=group, person=person, role=role)


@transaction.atomic
def remove_member(user, member):
    require_office(user)
    member.delete()


# -- stations ------------------------------------------------------------------------------

# The dates of a station in the order they must happen; each pair is checked.
DATE_ORDER = (
    "notice_on",
    "entry_on",
    "petition_cutoff_on",
    "onsite_end_on",
    "report_on",
    "feedback_on",
)
PLANNED_ORDER = ("planned_entry_on", "planned_onsite_end_on")
# Dates recording something that happened: never in the future.
ACTUAL_DATES = ("entry_on", "onsite_end_on", "report_on", "feedback_on")
PLAN_FIELDS = (
    "batch",
    "planned_entry_on",
    "planned_onsite_end_on",
    "notice_on",
    "petition_cutoff_on",
    "hotline",
    "hotline_hours",
    "mailbox",
    "revisits",
)
CONTACT_FIELDS = ("hotline", "hotline_hours", "mailbox")


def _field_label(name):
    return str(Station._meta.get_field(name).verbose_name)


def check_dates(station):
    errors = {}
    for order in (DATE_ORDER, PLANNED_ORDER):
        previous = None
        for name in order:
            value = getattr(station, name)
            if value is None:
                continue
            if previous is not None and value < getattr(station, previous):
                errors[name] = [
                    _("%(field)s不能早于%(earlier)s（%(date)s）。")
                    % {
                        "field": _field_label(name),
                        "earlier": _field_label(previous),
                        "date": getattr(station, previous).isoformat(),
                    }
                ]
            previous = name
    today = timezone.localdate()
    for name in ACTUAL_DATES:
        value = getattr(station, name)
        if value is not None and value > today and name not in errors:
            errors[name] = [_("%(field)s不能晚于今天。") % {"field": _field_label(name)}]
    if errors:
        raise ValidationError(errors)


def _check_station_plan(station):
    round_, group, unit = station.round, station.group, station.unit
    if group.round_id != round_.pk:
        raise ValidationError({"group": [_("巡视组不属于该轮。")]})
    if unit.kind not in TARGET_KINDS:
        raise ValidationError(
            {"unit": [_("%(unit)s是受理机关，不能作为被巡视单位。") % {"unit": unit}]}
        )
    if not unit.is_active:
        raise ValidationError({"unit": [_("%(unit)s已停用。") % {"unit": unit}]})
    taken = Station.objects.filter(round=round_, unit=unit).exclude(pk=station.pk)
    if taken.exists():
        raise ValidationError({"unit": [_("%(unit)s在本轮已有进驻安排。") % {"unit": unit}]})
    covered = Station.objects.filter(group=group).exclude(pk=station.pk).count()
    if covered >= MAX_UNITS_PER_GROUP:
        raise ValidationError(
            {"group": [_("一个巡视组每轮最多巡视 %(n)d 个单位。") % {"n": MAX_UNITS_PER_GROUP}]}
        )
    if station.batch is not None and not 1 <= station.batch <= round_.batch_count:
        raise ValidationError(
            {"batch": [_("批次应在 1 到 %(n)d 之间。") % {"n": round_.batch_count}]}
        )
    _check_revisits(station)
    check_dates(station)


def _check_revisits(station):
    original = station.revisits
    if original is None:
        return
    if original.unit_id != station.unit_id:
        raise ValidationError({"revisits": [_("回头看应针对同一单位的原巡视。")]})
    if original.round_id == station.round_id or original.pk == station.pk:
        raise ValidationError({"revisits": [_("回头看对应的原巡视应在此前的轮次。")]})
    if original.status not in FED_BACK_OR_LATER:
        raise ValidationError({"revisits": [_("原巡视尚未反馈，不能开展回头看。")]})


def _check_group_recusal(group, unit, field):
    people = Member.objects.filter(group=group).values_list("person_id", flat=True)
    conflicts = recusal_conflicts(people, [unit.pk])
    if conflicts:
        raise _recusal_error(field, conflicts)


@transaction.atomic
def create_station(user, *, round_, group, unit, **data):
    require_office(user)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({name: [_("该字段不能在此设置。")] for name in unknown})
    station = Station(round=round_, group=group, unit=unit, **data)
    _check_station_plan(station)
    _check_group_recusal(group, unit, "group")
    try:
        with transaction.atomic():
            station.save()
    except IntegrityError as exc:  # a concurrent plan took the unit first
        raise ValidationError(
            {"unit": [_("%(unit)s在本轮已有进驻安排。") % {"unit": unit}]}
        ) from exc
    return station


@transaction.atomic
def update_station_plan(user, station, **data):
    """Change a station's plan (batch, planned dates, contact details, look-back link)."""
    require_office(user)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({name: [_("该字段不能在此修改。")] for name in unknown})
    _apply(station, data)
    _check_station_plan(station)
    station.save()
    return station


@transaction.atomic
def update_station_contact(user, station, **data):
    """Hotline, hours and mailbox: office staff, or the group's own leader or deputy."""
    if not may_edit_contact(user, station):
        raise PermissionDenied(_("只有巡视办或本组组长、副组长可以修改值班电话和信箱。"))
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("该字段不能在此修改。")] for name in unknown})
    _apply(station, data)
    station.save(update_fields=[*data] or None)
    return station


# -- lifecycle -----------------------------------------------------------------------------

S = StationStatus
NEXT_PHASE = {
    S.PLANNED: S.PREPARING,
    S.PREPARING: S.ON_SITE,
    S.ON_SITE: S.REPORTING,
    S.REPORTING: S.FED_BACK,
    S.FED_BACK: S.RECTIFYING,
    S.RECTIFYING: S.CLOSED,
}
# The dates a station must carry once it enters a phase.
REQUIRED_DATES = {
    S.PREPARING: ("notice_on",),
    S.ON_SITE: ("notice_on", "entry_on"),
    S.REPORTING: ("entry_on", "onsite_end_on"),
    S.FED_BACK: ("onsite_end_on", "report_on", "feedback_on"),
    S.RECTIFYING: ("feedback_on",),
    S.CLOSED: ("feedback_on",),
}
# Dates a transition into the phase may record.
TRANSITION_DATES = {
    S.PREPARING: ("notice_on", "planned_entry_on", "planned_onsite_end_on"),
    S.ON_SITE: ("entry_on", "petition_cutoff_on"),
    S.REPORTING: ("onsite_end_on",),
    S.FED_BACK: ("report_on", "feedback_on"),
    S.RECTIFYING: (),
    S.CLOSED: (),
}
FED_BACK_OR_LATER = frozenset({S.FED_BACK, S.RECTIFYING, S.CLOSED})
INSPECTED = frozenset({S.REPORTING, *FED_BACK_OR_LATER})
IN_PROGRESS = frozenset({S.PREPARING, S.ON_SITE})


def next_phase(station):
    return NEXT_PHASE.get(station.status)


def transition(user, station, to, **dates):
    """Move a station one phase forward (to `to`), recording that phase's dates."""
    from tours.transitions import INTO_PHASE, STATION_FLOW

    if to not in S.values:
        raise ValidationError({"to": [_("未知的阶段：%(to)s。") % {"to": to}]})
    unknown = set(dates) - set(TRANSITION_DATES[to])
    if unknown:
        raise ValidationError({name: [_("该日期不能在此阶段填写。")] for name in unknown})
    name = INTO_PHASE.get(to)
    if name is None:
        raise ValidationError({"to": [_("不能转入该阶段。")]})
    with STATION_FLOW.run(name, user, station) as station:
        _apply(station, {k: v for k, v in dates.items() if v is not None})
        missing = [field for field in REQUIRED_DATES[to] if getattr(station, field) is None]
        if missing:
            raise ValidationError({field: [_("进入该阶段须填写此日期。")] for field in missing})
        if to == S.ON_SITE:
            _check_group_recusal(station.group, station.unit, "group")
        check_dates(station)
    return station


def record_report(user, station, report_on):
    """The committee approved the station's report on `report_on` (kept if already set)."""
    from tours.transitions import STATION_FLOW

    with STATION_FLOW.run("record_report", user, station) as station:
        if station.report_on is None:
            station.report_on = report_on
        check_dates(station)
    return station


def record_feedback(user, station, feedback_on):
    """Feedback was given on `feedback_on`; a station still reporting is now fed back."""
    from tours.transitions import STATION_FLOW

    with STATION_FLOW.run("record_feedback", user, station) as station:
        if station.feedback_on is None:
            station.feedback_on = feedback_on
        if station.status == S.REPORTING and station.report_on is not None:
            station.status = S.FED_BACK
        check_dates(station)
    return station
