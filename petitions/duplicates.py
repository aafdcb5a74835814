"""Likely duplicates of a petition, found in SQL with bounded candidate sets.

Suggestions use the case's content only, each one indexed query limited to a few rows:
- the same person reported on (name and unit; index reported_person_name_unit);
- similar text: among the most recent petitions about the same unit (or to the office),
  at most CANDIDATE_WINDOW rows, those sharing most of the summary's character bigrams.

The reporter is never a signal here: whoever registers a petition would otherwise learn, by
typing a guessed name, who reported the others. Petitions from the same reporter (equal
blind index of name+phone or ID number) are found by `same_reporter_ids`, which only
petitions.reveals calls, as a logged reveal.
"""

from django.db.models import Count, Prefetch, Q
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

from petitions.models import Petition, ReportedPerson, ReporterIdentity

CANDIDATE_WINDOW = 300
SUGGESTION_LIMIT = 10
TEXT_SIMILARITY = 0.5


def bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _same_person(petition, visible):
    people = list(petition.people.values_list("name", "unit_name"))
    if not people:
        return []
    match = Q()
    for name, unit_name in people:
        match |= Q(name=name, unit_name=unit_name)
    rows = (
        ReportedPerson.objects.filter(match, petition__in=visible)
        .exclude(petition=petition)
        .values_list("petition_id", flat=True)
        .distinct()[:SUGGESTION_LIMIT]
    )
    return list(rows)


def same_reporter_ids(petition, visible) -> list[int]:
    identity = ReporterIdentity.objects.filter(petition=petition).first()
    if identity is None:
        return []
    match = Q()
    if identity.name_hash and identity.phone_hash:
        match |= Q(name_hash=identity.name_hash, phone_hash=identity.phone_hash)
    if identity.id_number_hash:
        match |= Q(id_number_hash=identity.id_number_hash)
    if not match:
        return []
    rows = (
        ReporterIdentity.objects.filter(match, petition__in=visible)
        .exclude(petition=petition)
        .values_list("petition_id", flat=True)[:SUGGESTION_LIMIT]
    )
    return list(rows)


def _similar_text(petition, visible):
    if petition.station_id:
        window = visible.filter(station__unit_id=petition.station.unit_id)
    else:
        window = visible.filter(station__isnull=True)
    rows = (
        window.exclude(pk=petition.pk)
        .order_by("-received_at")
        .values_list("pk", "summary")[:CANDIDATE_WINDOW]
    )
    return [pk for pk, summary in rows if similarity(petition.summary, summary) >= TEXT_SIMILARITY][
        :SUGGESTION_LIMIT
    ]


def suggest_duplicates(petition, user) -> list[dict]:
    """[{"petition": Petition, "reasons": [text]}] for the user's visible petitions.

    The same for every identity typed at registration: the reporter is not compared.
    """
    visible = Petition.objects.visible_to(user)
    reasons: dict[int, list[str]] = {}
    for label, ids in (
        (_("被反映人相同"), _same_person(petition, visible)),
        (_("内容相似"), _similar_text(petition, visible)),
    ):
        for pk in ids:
            reasons.setdefault(pk, []).append(label)
    found = visible.filter(pk__in=reasons).select_related("station__unit")
    return [{"petition": p, "reasons": reasons[p.pk]} for p in found]


def repeat_counts(user, pairs) -> dict[tuple[str, str], int]:
    """(name, unit) → how many petitions the user may see name that person: one grouped query.

    Only the names asked for are read (index reported_person_name_unit), so the cost follows
    the rows on a page, never the size of the register or of one petition.
    """
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = (
        ReportedPerson.objects.filter(
            name__in={name for name, _unit in pairs},
            petition__in=Petition.objects.visible_to(user),
        )
        .order_by()
        .values_list("name", "unit_name")
        .annotate(n=Count("petition", distinct=True))
    )
    return {(name, unit): n for name, unit, n in rows if (name, unit) in pairs}


def _repeat_count_iterable(user):
    class RepeatCountIterable(ModelIterable):
        """Reported people with `repeat_count` set, counted for the fetched rows only."""

        def __iter__(self):
            people = list(super().__iter__())
            counts = repeat_counts(user, ((p.name, p.unit_name) for p in people))
            for person in people:
                person.repeat_count = counts.get((person.name, person.unit_name), 0)
            yield from people

    return RepeatCountIterable


def people_with_repeat_counts(queryset, user):
    """`queryset` of reported people whose rows carry `repeat_count` once fetched."""
    queryset = queryset._chain()
    queryset._iterable_class = _repeat_count_iterable(user)
    return queryset


class RepeatCountPrefetch(Prefetch):
    """Prefetch a petition's reported people with their repeat counts (one extra query)."""

    def __init__(self, lookup, user, queryset, to_attr=None):
        super().__init__(lookup, people_with_repeat_counts(queryset, user), to_attr)
