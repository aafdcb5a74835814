"""Dashboard charts drawn from petition data (registered from PetitionsConfig.ready)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.registry import ChartData, Series, register_chart
from petitions.models import Discipline, Petition, PetitionDiscipline


def petitions_by_discipline(user, selection):
    """Visible petitions per discipline concerned (a petition may concern several)."""
    petitions = selection.narrow(Petition.objects.visible_to(user))
    counts = dict(
        PetitionDiscipline.objects.filter(petition__in=petitions)
        .order_by()
        .values_list("discipline")
        .annotate(n=Count("pk"))
    )
    return ChartData(
        labels=[label for _value, label in Discipline.choices],
        series=[Series(_("件数"), [counts.get(value, 0) for value, _label in Discipline.choices])],
    )


def register():
    import inspection.dashboards.charts  # noqa: F401  (the kernel's charts first)

    register_chart(
        "petitions_by_discipline",
        _("信访举报件按违反纪律类别"),
        petitions_by_discipline,
        section="petitions",
        order=20,
    )
