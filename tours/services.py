"""Rules for planning tours: who may change what, recusal, stations and their lifecycle.

Views, serializers and commands call these functions; none of them holds a rule itself.
Every write takes the acting user first, asks one permission (`tours/permissions.py`), locks
the rows that guard its rule (SELECT … FOR UPDATE) and changes them in one transaction, so
two concurrent requests cannot both pass a check ("one station per unit per round", "at most
three units per group", "one leader per group"). Each refusal is a ValidationError naming the
field, PermissionDenied for the wrong role, or StateConflict when a station's phase moved on.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection.numerals import chinese_numeral
from inspection.permissions import require
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
from tours.recusal import ancestors_or_self, recusal_conflicts, recusal_error
from tours.transitions import INTO_PHASE, STATION_FLOW

MAX_UNITS_PER_GROUP = 3  # 一托二 / 一托三
MAX_UNITS_PER_TERM = 2000  # the units a term must cover (a county's villages included)

# -- helpers -------------------------------------------------------------------------------


def _locked(model, pk):
    """The row re-read under a lock (the caller is inside a transaction)."""
    return model._default_manager.select_for_update().get(pk=pk)


def _saved(instance, field, message, **save):
    """Save; a unique constraint that a concurrent request hit first is the field's error."""
    try:
        with transaction.atomic():
            instance.save(**save)
    except IntegrityError as exc:
        raise ValidationError({field: [message]}) from exc
    return instance


def default_group_name(round_, number) -> str:
    # County and internal tours are 巡察; central and provincial tours are 巡视.
    if round_.term.level in (TermLevel.CENTRAL, TermLevel.PROVINCIAL):
        return _("第%(number)s巡视组") % {"number": chinese_numeral(number)}
    return _("第%(number)s巡察组") % {"number": chinese_numeral(number)}


# -- units, terms, rounds, people ----------------------------------------------------------


def _apply(instance, data):
    for name, value in data.items():
        setattr(instance, name, value)


def _check_unit_parent(unit, parent):
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or unit.pk in ancestors_or_self([parent.pk])[parent.pk]:
        raise ValidationError({"parent": [_("上级单位不能是该单位本身或其下级单位。")]})


def save_unit(user, unit=None, **data):
    """Create a unit, or change one (its row locked)."""
    require(user, "tours.plan", unit)
    with transaction.atomic():
        unit = _locked(Unit, unit.pk) if unit else Unit()
        _check_unit_parent(unit, data.get("parent", unit.parent if unit.pk else None))
        _apply(unit, data)
        taken = _("已有同名单位。")
        if Unit.objects.filter(name=unit.name).exclude(pk=unit.pk).exists():
            raise ValidationError({"name": [taken]})
        return _saved(unit, "name", taken)


def save_term(user, term=None, **data):
    """Create a term, or change one (its row locked); `units` replaces the units to cover."""
    require(user, "tours.plan", term)
    units = data.pop("units", None)
    if units is not None and len(units) > MAX_UNITS_PER_TERM:
        raise ValidationError({"units": [_("最多%(limit)s项。") % {"limit": MAX_UNITS_PER_TERM}]})
    with transaction.atomic():
        term = _locked(Term, term.pk) if term else Term()
        _apply(term, data)
        if term.ends_on and term.starts_on and term.ends_on < term.starts_on:
            raise ValidationError({"ends_on": [_("结束日期不能早于开始日期。")]})
        term.save()
        if units is not None:
            bodies = [unit.name for unit in units if unit.kind not in TARGET_KINDS]
            if bodies:
                raise ValidationError(
                    {
                        "units": [
                            _("受理机关不是被巡视单位：%(names)s") % {"names": "、".join(bodies)}
                        ]
                    }
                )
            term.units.set(units)
        return term


def save_round(user, round_=None, **data):
    """Create a round of a term, or change one; the term's row guards the round numbers."""
    require(user, "tours.plan", round_)
    with transaction.atomic():
        term = data.get("term") or (round_.term if round_ else None)
        if term is not None:
            _locked(Term, term.pk)
        round_ = _locked(Round, round_.pk) if round_ else Round()
        _apply(round_, data)
        term = round_.term
        if round_.batch_count < 1:
            raise ValidationError({"batch_count": [_("批次数至少为 1。")]})
        if round_.mobilised_on and (
            round_.mobilised_on < term.starts_on
            or (term.ends_on and round_.mobilised_on > term.ends_on)
        ):
            raise ValidationError({"mobilised_on": [_("动员部署日期不在本届任期内。")]})
        taken = _("本届已有该轮次。")
        if Round.objects.filter(term=term, number=round_.number).exclude(pk=round_.pk).exists():
            raise ValidationError({"number": [taken]})
        if round_.pk and round_.stations.filter(batch__gt=round_.batch_count).exists():
            raise ValidationError({"batch_count": [_("已有进驻安排在更后的批次。")]})
        return _saved(round_, "number", taken)


def save_person(user, person=None, **data):
    """Add someone to the cadre pool, or change their entry (its row locked)."""
    require(user, "tours.plan", person)
    with transaction.atomic():
        person = _locked(Person, person.pk) if person else Person()
        _apply(person, data)
        person.save()
        return person


def _lock_groups_of(person):
    """Lock the groups the person serves in (pk order), then the person: the order
    `add_member` and `create_station` lock in, so their recusal checks see each other."""
    groups = Member.objects.filter(person=person).values_list("group_id", flat=True)
    list(InspectionGroup.objects.select_for_update().filter(pk__in=groups).order_by("pk"))
    return _locked(Person, person.pk)


def declare_relation(user, person, unit, kind, note=""):
    """Record a declared relation; refuse it if the person already serves at that unit."""
    require(user, "tours.plan", person)
    with transaction.atomic():
        person = _lock_groups_of(person)
        stationed = Station.objects.filter(group__members__person=person).values_list(
            "unit_id", flat=True
        )
        relation, _created = DeclaredRelation.objects.get_or_create(
            person=person, unit=unit, kind=kind, defaults={"note": note}
        )
        conflicts = [c for c in recusal_conflicts([person.pk], stationed) if c.unit.pk == unit.pk]
        if conflicts:
            raise recusal_error("unit", conflicts)  # the transaction drops the relation
        return relation


# -- groups and members --------------------------------------------------------------------


def create_group(user, round_, number, name=""):
    """A new group in a round; the round's row guards the group numbers."""
    require(user, "tours.plan", round_)
    with transaction.atomic():
        round_ = _locked(Round, round_.pk)
        taken = _("本轮已有该组号。")
        if InspectionGroup.objects.filter(round=round_, number=number).exists():
            raise ValidationError({"number": [taken]})
        group = InspectionGroup(
            round=round_, number=number, name=name or default_group_name(round_, number)
        )
        return _saved(group, "number", taken)


def update_group(user, group, name=None, **fixed):
    """Rename a group; its round and number stay what they were created with."""
    require(user, "tours.plan", group)
    with transaction.atomic():
        group = _locked(InspectionGroup, group.pk)
        for field in ("round", "number"):
            if field in fixed and fixed[field] != getattr(group, field):
                raise ValidationError({"number": [_("巡视组的轮次和组号创建后不能修改。")]})
        unknown = set(fixed) - {"round", "number"}
        if unknown:
            raise ValidationError({field: [_("该字段不能在此修改。")] for field in unknown})
        if name is not None:
            group.name = name
            group.save(update_fields=["name"])
        return group


def add_member(user, group, person, role=MemberRole.MEMBER):
    """Put a person in a group, refusing duplicates, two leaders and conflicts of interest.

    The group's row is locked (one leader; recusal against its stations), then the person's
    (one group per round)."""
    require(user, "tours.plan", group)
    with transaction.atomic():
        group = _locked(InspectionGroup, group.pk)
        person = _locked(Person, person.pk)
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
            raise recusal_error("person", conflicts)
        return Member.objects.create(group=group, person=person, role=role)


def remove_member(user, member):
    require(user, "tours.plan", member)
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member.pk).first()
        if member is not None:
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
# Fixed when the station is planned.
PLACE_FIELDS = ("round", "group", "unit")


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


def _unit_taken(unit):
    return _("%(unit)s在本轮已有进驻安排。") % {"unit": unit}


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
        raise ValidationError({"unit": [_unit_taken(unit)]})
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
        raise recusal_error(field, conflicts)


def _refuse_unknown(data, allowed, message):
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: [message] for name in sorted(unknown)})


def create_station(user, *, round_, group, unit, **data):
    """Station a group at a unit in a round.

    The round's row is locked (one station per unit per round; batches), then the group's
    (at most three units; recusal against its members, whom `add_member` adds under the same
    lock)."""
    require(user, "tours.plan", group)
    _refuse_unknown(data, PLAN_FIELDS, _("该字段不能在此设置。"))
    with transaction.atomic():
        round_ = _locked(Round, round_.pk)
        group = _locked(InspectionGroup, group.pk)
        station = Station(round=round_, group=group, unit=unit, **data)
        _check_station_plan(station)
        _check_group_recusal(group, unit, "group")
        return _saved(station, "unit", _unit_taken(unit))


def update_station_plan(user, station, **data):
    """Change a station's plan (batch, planned dates, contact details, look-back link).

    Its round, group and unit are fixed: naming them again unchanged is accepted."""
    require(user, "tours.plan", station)
    with transaction.atomic():
        _locked(Round, station.round_id)
        station = _locked(Station, station.pk)
        for name in PLACE_FIELDS:
            if name in data and data.pop(name) != getattr(station, name):
                raise ValidationError({name: [_("进驻创建后不能更换轮次、巡视组或单位。")]})
        _refuse_unknown(data, PLAN_FIELDS, _("该字段不能在此修改。"))
        _apply(station, data)
        _check_station_plan(station)
        station.save()
        return station


def update_station_contact(user, station, **data):
    """Hotline, hours and mailbox: office staff, or the group's own leader or deputy."""
    require(
        user,
        "tours.edit_station_contact",
        station,
        _("只有巡视办或本组组长、副组长可以修改值班电话和信箱。"),
    )
    _refuse_unknown(data, CONTACT_FIELDS, _("该字段不能在此修改。"))
    with transaction.atomic():
        station = _locked(Station, station.pk)
        _apply(station, data)
        station.save(update_fields=[*data] or None)
        return station


# -- lifecycle (declared in tours/transitions.py) ------------------------------------------

S = StationStatus
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


def transition(user, station, to, **dates):
    """Move a station one phase forward (into `to`), recording that phase's dates.

    A phase the station cannot move into from where it is now (skipping one, going back, or
    a move another request made first) is a StateConflict."""
    name = INTO_PHASE.get(to)
    if name is None:
        raise ValidationError({"to": [_("不能转入该阶段：%(to)s。") % {"to": to}]})
    with STATION_FLOW.run(name, user, station) as station:  # role, then state, then input
        _refuse_unknown(dates, TRANSITION_DATES[to], _("该日期不能在此阶段填写。"))
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
    with STATION_FLOW.run("record_report", user, station) as station:
        if station.report_on is None:
            station.report_on = report_on
        check_dates(station)
    return station


def record_feedback(user, station, feedback_on):
    """Feedback was given on `feedback_on`; a station still reporting is now fed back."""
    with STATION_FLOW.run("record_feedback", user, station) as station:
        if station.feedback_on is None:
            station.feedback_on = feedback_on
        if station.status == S.REPORTING and station.report_on is not None:
            station.status = S.FED_BACK
        check_dates(station)
    return station
