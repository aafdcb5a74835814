"""Tours API: every viewset is scoped; writes go through tours.services (office staff only)."""

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from inspection.api.viewsets import ScopedCreateReadUpdateViewSet, ScopedViewSetMixin
from tours import coverage, imports, services
from tours.api import serializers as s
from tours.api.permissions import OfficeWritesOthersRead
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


class ServiceWriteViewSet(ScopedCreateReadUpdateViewSet):
    """Create and update call a service with the validated data (and the acting user)."""

    permission_classes = [OfficeWritesOthersRead]

    def create_object(self, data):  # pragma: no cover - each subclass implements it
        raise NotImplementedError

    def update_object(self, instance, data):  # pragma: no cover
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.create_object(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self.update_object(
            serializer.instance, dict(serializer.validated_data)
        )


class UnitViewSet(ServiceWriteViewSet):
    queryset = Unit.objects.select_related("parent")
    serializer_class = s.UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ("name", "kind", "region", "id")

    def create_object(self, data):
        return services.save_unit(self.request.user, **data)

    def update_object(self, instance, data):
        return services.save_unit(self.request.user, instance, **data)

    @extend_schema(request=s.UnitImportSerializer, responses=None, filters=False)
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
    )
    def import_file(self, request):
        """Import units from an .xlsx or .csv file; a file with any bad row stores nothing."""
        upload = s.UnitImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        result = imports.import_units(request.user, file, file.name)
        if result.errors:
            raise ValidationError({"file": [str(error) for error in result.errors]})
        return Response({"created": result.created, "updated": result.updated})


class TermViewSet(ServiceWriteViewSet):
    queryset = Term.objects.prefetch_related("units")
    serializer_class = s.TermSerializer
    filterset_class = TermFilter
    ordering_fields = ("starts_on", "id")

    def create_object(self, data):
        return services.save_term(self.request.user, **data)

    def update_object(self, instance, data):
        return services.save_term(self.request.user, instance, **data)

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


class RoundViewSet(ServiceWriteViewSet):
    queryset = Round.objects.all()
    serializer_class = s.RoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ("number", "mobilised_on", "id")

    def create_object(self, data):
        return services.save_round(self.request.user, **data)

    def update_object(self, instance, data):
        return services.save_round(self.request.user, instance, **data)


class GroupViewSet(ServiceWriteViewSet):
    queryset = InspectionGroup.objects.annotate(
        member_count=Count("members", distinct=True), station_count=Count("stations", distinct=True)
    ).order_by("round", "number")
    serializer_class = s.GroupSerializer
    filterset_class = GroupFilter
    ordering_fields = ("number", "id")

    def create_object(self, data):
        return services.create_group(
            self.request.user, data["round"], data["number"], data.get("name", "")
        )

    def update_object(self, instance, data):
        if (
            data.get("round", instance.round) != instance.round
            or data.get("number", instance.number) != instance.number
        ):
            raise ValidationError({"number": [_("巡视组的轮次和组号创建后不能修改。")]})
        return services.rename_group(self.request.user, instance, data.get("name", instance.name))

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance.member_count = 0
        serializer.instance.station_count = 0

    def perform_update(self, serializer):
        counts = (serializer.instance.member_count, serializer.instance.station_count)
        super().perform_update(serializer)
        serializer.instance.member_count, serializer.instance.station_count = counts


class MemberViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Member.objects.select_related("group", "person").order_by("group", "id")
    serializer_class = s.MemberSerializer
    permission_classes = [OfficeWritesOthersRead]
    filterset_class = MemberFilter
    ordering_fields = ("group", "role", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_member(
            self.request.user, data["group"], data["person"], data.get("role", "member")
        )

    def perform_destroy(self, instance):
        services.remove_member(self.request.user, instance)


class PersonViewSet(ServiceWriteViewSet):
    queryset = Person.objects.select_related("home_unit").prefetch_related("relations__unit")
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ("name", "id")

    def create_object(self, data):
        return services.save_person(self.request.user, **data)

    def update_object(self, instance, data):
        return services.save_person(self.request.user, instance, **data)

    @extend_schema(request=s.RelationSerializer, responses=s.RelationSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def relations(self, request, pk=None):
        """Declare a relation of this person with a unit (it bars them from inspecting it)."""
        person = self.get_object()
        body = s.RelationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        relation = services.declare_relation(request.user, person, **body.validated_data)
        return Response(s.RelationSerializer(relation).data, status=status.HTTP_201_CREATED)


class StationViewSet(ServiceWriteViewSet):
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

    def create_object(self, data):
        return services.create_station(
            self.request.user,
            round_=data.pop("round"),
            group=data.pop("group"),
            unit=data.pop("unit"),
            **data,
        )

    def update_object(self, instance, data):
        for name in ("round", "group", "unit"):
            if name in data and data[name] != getattr(instance, name):
                raise ValidationError({name: [_("进驻创建后不能更换轮次、巡视组或单位。")]})
            data.pop(name, None)
        return services.update_station_plan(self.request.user, instance, **data)

    @extend_schema(request=s.TransitionSerializer, responses=s.StationSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[])
    def transition(self, request, pk=None):
        """Move the station to its next phase (`to`), with that phase's dates."""
        station = self.get_object()
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        station = services.transition(request.user, station, data.pop("to"), **data)
        return Response(s.StationSerializer(station).data)

    @extend_schema(request=s.ContactSerializer, responses=s.StationSerializer, filters=False)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated], filter_backends=[])
    def contact(self, request, pk=None):
        """Hotline, hours and mailbox: office staff or the group's own leader or deputy."""
        station = self.get_object()
        body = s.ContactSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        station = services.update_station_contact(request.user, station, **body.validated_data)
        return Response(s.StationSerializer(station).data)
