"""Figures on findings and leads, computed in SQL from what the user may see."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from findings.models import Finding, Lead, LeadQuerySet, OutcomeForm

# How each grouping reaches the station's round and term, and how its rows are labelled.
GROUPINGS = {
    "station": ("station", ("station__group__name", "station__unit__name")),
    "round": ("station__round", ("station__round__name",)),
    "term": (
        "station__round__term",
        ("station__round__term__committee", "station__round__term__name"),
    ),
}
GROUPING_LABELS = {"station": _("按进驻"), "round": _("按轮次"), "term": _("按届")}


def station_findings(stations, user):
    rows = (
        Finding.objects.visible_to(user)
        .filter(station__in=stations)
        .values("station")
        .annotate(n=Count("id"))
    )
    return {row["station"]: row["n"] for row in rows}


def station_leads_handed_over(stations, user):
    rows = (
        Lead.objects.visible_to(user)
        .filter(station__in=stations, handed_over_on__isnull=False)
        .values("station")
        .annotate(n=Count("id"))
    )
    return {row["station"]: row["n"] for row in rows}


def lead_counts(leads, today=None):
    """The aggregate expressions for lead figures (usable with annotate or aggregate)."""
    counts = {
        "handed_over": Count("id", filter=Q(handed_over_on__isnull=False)),
        "acknowledged": Count("id", filter=Q(acknowledged_on__isnull=False)),
        "disposed": Count("id", filter=~Q(disposal_method="")),
        "reported_back": Count("id", filter=Q(reported_back_on__isnull=False)),
        "overdue": Count("id", filter=LeadQuerySet.overdue_q(today)),
    }
    for form in OutcomeForm:
        counts[f"form_{form.value}"] = Count("id", filter=Q(outcome_form=form.value))
    return counts


def summary(user, by="station", today=None):
    """Rows per station, round or term: findings by category and the lead figures."""
    key, label_fields = GROUPINGS[by]
    labels, findings, leads = {}, {}, {}
    finding_rows = (
        Finding.objects.visible_to(user)
        .values(key, *label_fields, "category__name")
        .annotate(n=Count("id"))
        .order_by(key)
    )
    for row in finding_rows:
        labels[row[key]] = " · ".join(str(row[f]) for f in label_fields)
        category = row["category__name"] or _("未分类")
        findings.setdefault(row[key], {})[str(category)] = row["n"]
    lead_rows = (
        Lead.objects.visible_to(user)
        .values(key, *label_fields)
        .annotate(**lead_counts(None, today))
        .order_by(key)
    )
    for row in lead_rows:
        labels[row[key]] = " · ".join(str(row[f]) for f in label_fields)
        leads[row[key]] = row
    result = []
    for pk in sorted(labels, key=lambda pk: labels[pk]):
        lead = leads.get(pk, {})
        handed = lead.get("handed_over", 0)
        result.append(
            {
                "id": pk,
                "label": labels[pk],
                "findings_by_category": findings.get(pk, {}),
                "findings": sum(findings.get(pk, {}).values()),
                "leads_handed_over": handed,
                "leads_acknowledged": lead.get("acknowledged", 0),
                "leads_disposed": lead.get("disposed", 0),
                "leads_overdue": lead.get("overdue", 0),
                "disposal_rate": round(lead.get("disposed", 0) / handed, 4) if handed else None,
                "people_by_form": {
                    form.value: lead.get(f"form_{form.value}", 0) for form in OutcomeForm
                },
            }
        )
    return result
