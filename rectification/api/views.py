"""REST endpoints; transitions are actions that call rectification.services."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from findings.models import Finding
from inspection.api.viewsets import (
    ScopedCreateReadUpdateViewSet,
    ScopedReadOnlyModelViewSet,
    ScopedViewSetMixin,
)
from inspection.scoping import scoped
from rectification import services
from rectification.api import serializers as s
from rectification.filtersets import ItemFilterSet
from rectification.models import (
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)
from tours.models import Station


class PlanViewSet(ScopedReadOnlyModelViewSet):
    queryset = RectificationPlan.objects.select_related("station__unit")
    serializer_class = s.PlanSerializer
    filterset_fields = ("station", "status")

    def _done(self, plan):
        return Response(s.PlanSerializer(plan).data)

    @extend_schema(request=s.TextSerializer, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(services.submit_plan(self.get_object(), request.user, _text(request)))

    @extend_schema(request=None, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._done(services.review_plan(self.get_object(), request.user, True))

    @extend_schema(request=s.ReviewSerializer, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        reason = request.data.get("reason", "")
        return self._done(services.review_plan(self.get_object(), request.user, False, reason))

    @extend_schema(request=s.TextSerializer, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._done(services.submit_report(self.get_object(), request.user, _text(request)))


def _text(request):
    return request.data.get("text", "")


class ItemViewSet(ScopedCreateReadUpdateViewSet):
    queryset = RectificationItem.objects.select_related("finding", "station__unit")
    serializer_class = s.ItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ("deadline", "id")
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        finding = data.pop("finding")
        # The finding must be visible too: 404 for another unit's finding, never a hint.
        finding = get_object_or_404(scoped(Finding.objects, request.user), pk=finding.pk)
        item = services.create_item(finding, request.user, **data)
        return Response(s.ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def _done(self, item):
        return Response(s.ItemSerializer(item).data)

    @extend_schema(request=s.ProgressSerializer, responses=s.ProgressSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        files = request.FILES.getlist("files")
        report = services.report_progress(item, request.user, _text(request), files)
        return Response(s.ProgressSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="request-closure")
    def request_closure(self, request, pk=None):
        return self._done(services.request_closure(self.get_object(), request.user))

    @extend_schema(request=s.ReviewSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="approve-closure")
    def approve_closure(self, request, pk=None):
        result = request.data.get("result", "")
        return self._done(services.approve_closure(self.get_object(), request.user, result))

    @extend_schema(request=s.ReviewSerializer, responses=s.ItemSerializer)
    @action(detail=True, methods=["post"], url_path="return-closure")
    def return_closure(self, request, pk=None):
        reason = request.data.get("reason", "")
        return self._done(services.return_closure(self.get_object(), request.user, reason))


class ProgressViewSet(ScopedReadOnlyModelViewSet):
    queryset = ProgressReport.objects.prefetch_related("evidence")
    serializer_class = s.ProgressSerializer
    filterset_fields = ("item",)


class LetterViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = SupervisionLetter.objects.prefetch_related("items")
    serializer_class = s.LetterSerializer
    filterset_fields = ("station", "kind")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        station = get_object_or_404(scoped(Station.objects, request.user), pk=data["station"].pk)
        items = scoped(RectificationItem.objects, request.user).filter(
            pk__in=[item.pk for item in data["items"]]
        )
        letter = services.issue_letter(
            station, request.user, data["kind"], items, data["body"], data.get("new_deadline")
        )
        return Response(s.LetterSerializer(letter).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        letter = self.get_object()
        response = HttpResponse(
            services.letter_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.docx"'
        return response


class StationStatusViewSet(ScopedReadOnlyModelViewSet):
    """Rectification figures per station the caller may see, computed in SQL."""

    queryset = Station.objects.select_related("unit")
    serializer_class = s.StationRatesSerializer

    def get_queryset(self):
        # Every item of a visible station is visible to the same user (the item scope follows
        # the station scope), so the figures count the station's items.
        return (
            super()
            .get_queryset()
            .annotate(**services.rate_aggregates(prefix="rectification_items__"))
        )
