"""Tours API: every viewset is scoped; every write runs a tours service (WriteViewSetMixin).

Creates and updates call `create_service` / `update_service` with the validated body; the
other writes are `service_action`s with an input serializer from tours/api/inputs.py. Each
write action names the permission its service asks (`write_permissions`), asked first.
"""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from inspection.api.actions import WriteViewSetMixin, service_action
from inspection.api.viewsets import ScopedViewSetMixin
from tours import coverage, imports, services
from tours.api import inputs
from tours.api import serializers as s
from tours.api.permissions import AsksTheServicePermission
from tours.filtersets import (
    GroupFilter,
    MemberFilter,
    PersonFilter,
    RoundFilter,
    StationFilter,
    TermFilter,
    UnitFilter,
)
from tours.models import InspectionGroup, Member, Person, Round, Station, Term, Unit

PLAN = "tours.plan"
EDITS = {"create": PLAN, "update": PLAN, "partial_update": PLAN}


class ToursWriteViewSet(
    WriteViewSetMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, AsksTheServicePermission]
    write_permissions = EDITS


class UnitViewSet(ToursWriteViewSet):
    queryset = Unit.objects.select_related("parent")
    serializer_class = s.UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ("name", "kind", "region", "id")
    create_service = update_service = services.save_unit
    write_permissions = {**EDITS, "import_file": "tours.import_units"}

    @extend_schema(
        request=inputs.UnitImportInput, responses=inputs.ImportResultSerializer, filters=False
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
    )
    def import_file(self, request):
        """Import units from an .xlsx or .csv file; a file with any bad row stores nothing
        and every bad row is named in `fields.file`."""
        return self.run_service(
            request,
            imports.import_unit_file,
            inputs.UnitImportInput,
            output_serializer=inputs.ImportResultSerializer,
            pass_object=False,
        )


class TermViewSet(ToursWriteViewSet):
    queryset = Term.objects.prefetch_related("units")
    serializer_class = s.TermSerializer
    filterset_class = TermFilter
    ordering_fields = ("starts_on", "id")
    create_service = update_service = services.save_term

    @extend_schema(responses=None, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def coverage(self, request, pk=None):
        """Units inspected, being inspected and not yet, overall and by sector."""
        term = self.get_object()
        stations = Station.objects.visible_to(request.user)
        share = coverage.totals(term, stations)
        return Response(
            {
                "total": share.total,
                "inspected": share.inspected,
                "in_progress": share.in_progress,
                "not_yet": share.not_yet,
                "sectors": [
                    {
                        "sector": row.kind,
                        "label": row.label,
                        "total": row.total,
                        "inspected": row.inspected,
                        "in_progress": row.in_progress,
                        "not_yet": row.not_yet,
                    }
                    for row in coverage.sector_shares(term, stations)
                ],
                "not_yet_units": list(
                    coverage.units_with_state(term, stations)
                    .filter(state=coverage.NOT_YET_STATE)
                    .values("id", "name", "kind")
                ),
                "look_back_candidates": list(
                    coverage.look_back_candidates(term, stations).values(
                        "id", "unit_id", "unit__name", "feedback_on"
                    )
                ),
            }
        )


class RoundViewSet(ToursWriteViewSet):
    queryset = Round.objects.all()
    serializer_class = s.RoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ("number", "mobilised_on", "id")
    create_service = update_service = services.save_round


def _create_group(user, *, round, number, name=""):  # `round`: the API field
    return services.create_group(user, round, number, name)


class GroupViewSet(ToursWriteViewSet):
    queryset = InspectionGroup.objects.annotate(
        member_count=Count("members", distinct=True), station_count=Count("stations", distinct=True)
    ).order_by("round", "number")
    serializer_class = s.GroupSerializer
    filterset_class = GroupFilter
    ordering_fields = ("number", "id")
    create_service = _create_group
    update_service = services.update_group

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class MemberViewSet(
    WriteViewSetMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Member.objects.select_related("group", "person").order_by("group", "id")
    serializer_class = s.MemberSerializer
    permission_classes = ToursWriteViewSet.permission_classes
    write_permissions = {"create": PLAN, "destroy": PLAN}
    filterset_class = MemberFilter
    ordering_fields = ("group", "role", "id")
    create_service = services.add_member

    def perform_destroy(self, instance):
        services.remove_member(self.request.user, instance)


class PersonViewSet(ToursWriteViewSet):
    queryset = Person.objects.select_related("home_unit").prefetch_related("relations__unit")
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ("name", "id")
    create_service = update_service = services.save_person
    write_permissions = {**EDITS, "declare_relation": PLAN}

    declare_relation = service_action(
        services.declare_relation,
        s.RelationSerializer,  # its writable fields: unit, kind, note
        url_path="relations",
        output_serializer=s.RelationSerializer,
        response_status=status.HTTP_201_CREATED,
        doc="Declare a relation of this person with a unit (it bars them from inspecting it).",
    )


def _create_station(user, *, round, group, unit, **data):  # `round`: the API field
    return services.create_station(user, round_=round, group=group, unit=unit, **data)


class StationViewSet(ToursWriteViewSet):
    queryset = Station.objects.select_related("group", "unit", "round")
    serializer_class = s.StationSerializer
    filterset_class = StationFilter
    ordering_fields = (
        "entry_on",
        "planned_entry_on",
        "onsite_end_on",
        "feedback_on",
        "status",
        "batch",
        "id",
    )
    create_service = _create_station
    update_service = services.update_station_plan
    write_permissions = {
        **EDITS,
        "transition": "tours.move_station",
        "update_station_contact": "tours.edit_station_contact",
    }

    transition = service_action(
        services.transition,
        inputs.TransitionInput,
        doc="Move the station into its next phase (`to`) with that phase's dates; a phase "
        "it cannot move into from where it is now answers 409.",
    )
    update_station_contact = service_action(
        services.update_station_contact,
        inputs.ContactInput,
        url_path="contact",
        doc="Hotline, hours and mailbox: office staff or the group's own leader or deputy.",
    )
