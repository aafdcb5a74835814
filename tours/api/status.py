"""Tour status for REST clients: rounds, their stations' phases, key dates and figures.

Read only. The rounds are every round the caller may see; the stations and every figure are
what the caller may see of them (a liaison's figures count no petitions, because a liaison
sees none). Figures come from the registry the apps fill (inspection.figures), one query per
figure for all stations of the round, so the cost does not grow with the number of stations.
"""

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from inspection.api.viewsets import ScopedViewSetMixin
from inspection.figures import figures_for
from tours.filtersets import RoundFilter
from tours.models import Round, Station, StationStatus

COUNT_FIGURES = (
    "petitions_received",
    "petitions_overdue",
    "findings",
    "leads_handed_over",
    "overdue_items",
)


# Codes are plain strings here: the enums are documented once, on the stations endpoint.
class PhaseCountSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="进驻阶段代码（同 /api/v1/stations/ 的 status）")
    label = serializers.CharField()
    stations = serializers.IntegerField()


class RoundStatusSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="巡视类型代码（同 /api/v1/rounds/）")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    station_count = serializers.SerializerMethodField()
    phases = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = (
            "id",
            "term",
            "number",
            "name",
            "kind",
            "kind_label",
            "mobilised_on",
            "station_count",
            "phases",
        )
        read_only_fields = fields

    def _phases(self, round_):
        return self.context.get("phases", {}).get(round_.pk, {})

    def get_station_count(self, round_) -> int:
        return sum(self._phases(round_).values())

    @extend_schema_field(PhaseCountSerializer(many=True))
    def get_phases(self, round_):
        counts = self._phases(round_)
        return [
            {"status": value, "label": str(label), "stations": counts.get(value, 0)}
            for value, label in StationStatus.choices
        ]


class StationFiguresSerializer(serializers.Serializer):
    petitions_received = serializers.IntegerField(help_text="收到的信访举报件数")
    petitions_overdue = serializers.IntegerField(help_text="逾期未分办的信访举报件数")
    findings = serializers.IntegerField(help_text="发现问题数")
    leads_handed_over = serializers.IntegerField(help_text="已移交的问题线索数")
    rectification_rate = serializers.FloatField(
        allow_null=True, help_text="整改率（0-1，以已销号且完成的任务计；无整改任务时为空）"
    )
    overdue_items = serializers.IntegerField(help_text="逾期未销号的整改任务数")


class StationStatusSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="进驻阶段代码")
    group_name = serializers.CharField(source="group.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Station
        fields = (
            "id",
            "group",
            "group_name",
            "unit",
            "unit_name",
            "batch",
            "status",
            "status_label",
            "notice_on",
            "entry_on",
            "petition_cutoff_on",
            "onsite_end_on",
            "report_on",
            "feedback_on",
            "figures",
        )
        read_only_fields = fields

    @extend_schema_field(StationFiguresSerializer)
    def get_figures(self, station):
        values = self.context["figures"].get(station.pk, {})
        figures = {key: values.get(key) or 0 for key in COUNT_FIGURES}
        figures["rectification_rate"] = values.get("rectification_rate")
        return figures


class RoundStatusDetailSerializer(RoundStatusSerializer):
    stations = serializers.SerializerMethodField()

    class Meta(RoundStatusSerializer.Meta):
        fields = (*RoundStatusSerializer.Meta.fields, "stations")
        read_only_fields = fields

    @extend_schema_field(StationStatusSerializer(many=True))
    def get_stations(self, round_):
        stations = self.context["stations"]
        return StationStatusSerializer(stations, many=True, context=self.context).data


def phase_counts(user, rounds):
    """{round_id: {phase: visible stations}} for the given rounds, in one query."""
    rows = (
        Station.objects.visible_to(user)
        .filter(round__in=rounds)
        .order_by()
        .values_list("round_id", "status")
        .annotate(n=Count("pk"))
    )
    result = {}
    for round_id, status, n in rows:
        result.setdefault(round_id, {})[status] = n
    return result


class RoundStatusViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Tour status: each round the caller may see, with its visible stations by phase.

    The detail adds each visible station's key dates and headline figures (petitions
    received, findings, leads handed over, rectification rate, overdue items), counting only
    what the caller may see.
    """

    queryset = Round.objects.select_related("term")
    serializer_class = RoundStatusSerializer
    filterset_class = RoundFilter
    ordering_fields = ("number", "mobilised_on", "id")
    ordering = ("-mobilised_on", "-id")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rounds = page if page is not None else list(queryset)
        context = {**self.get_serializer_context(), "phases": phase_counts(request.user, rounds)}
        data = RoundStatusSerializer(rounds, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=RoundStatusDetailSerializer, filters=False)
    def retrieve(self, request, *args, **kwargs):
        round_ = self.get_object()
        stations = list(
            Station.objects.visible_to(request.user)
            .filter(round=round_)
            .select_related("group", "unit")
            .order_by("group__number", "unit__name", "id")
        )
        ids = Station.objects.filter(pk__in=[station.pk for station in stations])
        context = {
            **self.get_serializer_context(),
            "phases": phase_counts(request.user, [round_]),
            "stations": stations,
            "figures": figures_for(ids, request.user) if stations else {},
        }
        return Response(RoundStatusDetailSerializer(round_, context=context).data)
