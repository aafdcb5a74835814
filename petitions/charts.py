"""Dashboard charts drawn from petition data (registered from PetitionsConfig.ready)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.charts import counts_by_choice
from inspection.dashboards.registry import ChartData, Series, register_chart
from inspection.disciplines import Discipline
from petitions.models import Channel, Petition, PetitionDiscipline, PetitionStatus


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


def petitions_by_channel(user, selection):
    petitions = selection.narrow(Petition.objects.visible_to(user))
    return counts_by_choice(petitions, "channel", Channel.choices)


def petitions_by_status(user, selection):
    petitions = selection.narrow(Petition.objects.visible_to(user))
    return counts_by_choice(petitions, "status", PetitionStatus.choices)


def register():
    register_chart(
        "petitions_by_channel",
        _("信访举报件按来源渠道"),
        petitions_by_channel,
        section="petitions",
        order=10,
    )
    register_chart(
        "petitions_by_status",
        _("信访举报件按办理状态"),
        petitions_by_status,
        section="petitions",
        order=30,
    )
    register_chart(
        "petitions_by_discipline",
        _("信访举报件按违反纪律类别"),
        petitions_by_discipline,
        section="petitions",
        order=20,
    )
