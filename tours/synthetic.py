"""A synthetic term of N rounds for load tests, written with bulk_create (no per-row saves).

Proportions follow a provincial office (DESIGN §6): about 40 stations and 14 groups of six
per round, each unit inspected about once a term, sectors split like a province's
(departments 40 %, local committees 25 %, enterprises 20 %, universities 15 %). Earlier
rounds are closed, the last ones still running.
"""

import datetime

from django.db import transaction

from inspection.audit.registry import log_bulk_create
from tours.models import (
    Expertise,
    InspectionGroup,
    Member,
    MemberRole,
    Person,
    Round,
    RoundKind,
    Station,
    StationStatus,
    Term,
    TermLevel,
    Unit,
    UnitKind,
)
from tours.services import default_group_name

STATIONS_PER_ROUND = 40
GROUPS_PER_ROUND = 14
MEMBERS_PER_GROUP = 6
SECTORS = [
    (UnitKind.DEPARTMENT, 40),
    (UnitKind.LOCAL, 25),
    (UnitKind.ENTERPRISE, 20),
    (UnitKind.UNIVERSITY, 15),
]
# Phase of a round by its distance from the last round (0 = the latest).
PHASE_BY_AGE = [StationStatus.ON_SITE, StationStatus.RECTIFYING, StationStatus.RECTIFYING]
BATCH = 2000


def _sector(i):
    position = i % 100
    for kind, share in SECTORS:
        if position < share:
            return kind
        position -= share
    return SECTORS[0][0]  # pragma: no cover


def _dates(start, status):
    """Dates consistent with the phase: only what has happened is filled in."""
    entry, end = start + datetime.timedelta(days=7), start + datetime.timedelta(days=67)
    done = status in (StationStatus.RECTIFYING, StationStatus.CLOSED)
    return {
        "planned_entry_on": entry,
        "planned_onsite_end_on": end,
        "notice_on": start,
        "entry_on": entry,
        "petition_cutoff_on": end - datetime.timedelta(days=7),
        "onsite_end_on": end if done else None,
        "report_on": end + datetime.timedelta(days=20) if done else None,
        "feedback_on": end + datetime.timedelta(days=45) if done else None,
    }


def _create(model, objects, fields):
    created = model.objects.bulk_create(objects, batch_size=BATCH)
    log_bulk_create(created, fields)
    return created


@transaction.atomic
def load_scale(rounds: int, today=None):
    """Create the synthetic term once; returns it (re-running returns the existing one)."""
    committee = "中共合成省委"
    name = f"合成届（{rounds}轮）"
    existing = Term.objects.filter(committee=committee, name=name).first()
    if existing:
        return existing
    today = today or datetime.date.today()
    first_start = today - datetime.timedelta(days=120 * rounds)
    term = Term.objects.create(
        committee=committee, name=name, level=TermLevel.PROVINCIAL, starts_on=first_start
    )
    total = rounds * STATIONS_PER_ROUND
    # Each unit once a term, plus a tenth more units not yet reached.
    units = _create(
        Unit,
        [
            Unit(name=f"合成{term.pk}-单位{i:05d}", kind=_sector(i), region="合成省")
            for i in range(total + total // 10)
        ],
        ["name", "kind"],
    )
    term.units.add(*units)
    people = _create(
        Person,
        [
            Person(
                name=f"干部{i:05d}",
                title="处长",
                expertise=list(Expertise)[i % len(Expertise)],
            )
            for i in range(GROUPS_PER_ROUND * MEMBERS_PER_GROUP * 3)
        ],
        ["name", "expertise"],
    )
    round_objects = [
        Round(
            term=term,
            number=n + 1,
            name=f"第{n + 1}轮巡视",
            kind=RoundKind.REGULAR,
            batch_count=1,
            mobilised_on=first_start + datetime.timedelta(days=120 * n),
        )
        for n in range(rounds)
    ]
    round_objects = _create(Round, round_objects, ["term", "number", "name"])
    groups = _create(
        InspectionGroup,
        [
            InspectionGroup(round=r, number=g + 1, name=default_group_name(r, g + 1))
            for r in round_objects
            for g in range(GROUPS_PER_ROUND)
        ],
        ["round", "number", "name"],
    )
    _create(Member, _members(groups, people), ["group", "person", "role"])
    _create(Station, _stations(round_objects, groups, units), ["round", "group", "unit", "status"])
    return term


def _members(groups, people):
    roles = [MemberRole.LEADER, MemberRole.DEPUTY] + [MemberRole.MEMBER] * (MEMBERS_PER_GROUP - 2)
    members, per_round = [], GROUPS_PER_ROUND * MEMBERS_PER_GROUP
    for index, group in enumerate(groups):
        # Rotate through the pool so nobody is in two groups of one round.
        base = ((group.round.number - 1) * per_round) % len(people)
        for slot, role in enumerate(roles):
            position = (base + (index % GROUPS_PER_ROUND) * MEMBERS_PER_GROUP + slot) % len(people)
            members.append(Member(group=group, person=people[position], role=role))
    return members


def _stations(rounds, groups, units):
    stations = []
    by_round = {}
    for group in groups:
        by_round.setdefault(group.round_id, []).append(group)
    for r in rounds:
        age = len(rounds) - r.number
        status = PHASE_BY_AGE[age] if age < len(PHASE_BY_AGE) else StationStatus.CLOSED
        dates = _dates(r.mobilised_on, status)
        for s in range(STATIONS_PER_ROUND):
            stations.append(
                Station(
                    round=r,
                    group=by_round[r.pk][s % GROUPS_PER_ROUND],
                    unit=units[(r.number - 1) * STATIONS_PER_ROUND + s],
                    batch=1,
                    status=status,
                    hotline=f"0000-{r.number:03d}{s:03d}",
                    **dates,
                )
            )
    return stations
