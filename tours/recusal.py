"""Recusal (回避): who may not inspect which unit (DESIGN §2).

A person is refused for a unit where they declared a relation (past employment, kin) and
for every unit below it; their home unit counts as such a relation. Services call
`recusal_conflicts` when a member is added, a station created, a station entered and a
relation declared, and turn the conflicts into a field error with `recusal_error`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tours.models import DeclaredRelation, Person, Unit


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


def recusal_error(field, conflicts):
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
