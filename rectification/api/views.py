"""REST endpoints: reads are scoped; every write runs a rectification service."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from findings.models import Finding
from inspection.api.actions import WriteViewSetMixin, service_action
from inspection.api.viewsets import (
    ScopedCreateReadUpdateViewSet,
    ScopedReadOnlyModelViewSet,
    ScopedViewSetMixin,
)
from inspection.documents import docx_response
from inspection.scoping import scoped
from rectification import services
from rectification.api import inputs
from rectification.api import serializers as s
from rectification.filtersets import ItemFilterSet
from rectification.models import (
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)
from tours.models import Station


class PlanViewSet(WriteViewSetMixin, ScopedReadOnlyModelViewSet):
    queryset = RectificationPlan.objects.select_related("station__unit")
    serializer_class = s.PlanSerializer
    filterset_fields = ("station", "status")

    # The attribute is the service's name (DRF's rule); the URL keeps the short verb.
    submit_plan = service_action(
        services.submit_plan,
        inputs.PlanSubmitInput,
        url_path="submit",
        doc="The unit submits its plan (`text`).",
    )
    approve_plan = service_action(
        services.approve_plan, url_path="approve", doc="Office staff approve a submitted plan."
    )
    return_plan = service_action(
        services.return_plan,
        inputs.ReasonInput,
        url_path="return",
        doc="Office staff return a submitted plan with a reason.",
    )
    submit_report = service_action(
        services.submit_report,
        inputs.ReportInput,
        url_path="report",
        doc="The unit submits its rectification report (once).",
    )


def create_item(user, finding, **data):
    # The finding must be visible too: 404 for another unit's finding, never a hint.
    finding = get_object_or_404(scoped(Finding.objects, user), pk=finding.pk)
    return services.create_item(user, finding, **data)


def issue_letter(user, station, kind, items, body, new_deadline=None):
    station = get_object_or_404(scoped(Station.objects, user), pk=station.pk)
    pks = {item.pk for item in items}
    visible = list(scoped(RectificationItem.objects, user).filter(pk__in=pks))
    if len(visible) != len(pks):
        # Never a hint whether an item exists: the same answer as another station's item.
        raise ValidationError({"items": [_("整改任务必须属于同一进驻。")]})
    return services.issue_letter(user, station, kind, visible, body, new_deadline)


class ItemViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    queryset = RectificationItem.objects.select_related("finding", "station__unit")
    serializer_class = s.ItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ("deadline", "id")
    http_method_names = ["get", "post", "head", "options"]
    create_service = create_item

    report_progress = service_action(
        services.report_progress,
        inputs.ProgressInput,
        url_path="progress",
        output_serializer=s.ProgressSerializer,
        response_status=status.HTTP_201_CREATED,
        doc="The unit reports progress with evidence files (multipart `files`).",
    )
    request_closure = service_action(
        services.request_closure, url_path="request-closure", doc="The unit requests close-out."
    )
    approve_closure = service_action(
        services.approve_closure,
        inputs.ApproveClosureInput,
        url_path="approve-closure",
        doc="Office staff close the item with a result.",
    )
    return_closure = service_action(
        services.return_closure,
        inputs.ReasonInput,
        url_path="return-closure",
        doc="Office staff return a close-out request with a reason.",
    )


class ProgressViewSet(ScopedReadOnlyModelViewSet):
    queryset = ProgressReport.objects.prefetch_related("evidence")
    serializer_class = s.ProgressSerializer
    filterset_fields = ("item",)


class LetterViewSet(
    WriteViewSetMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = SupervisionLetter.objects.prefetch_related("items")
    serializer_class = s.LetterSerializer
    filterset_fields = ("station", "kind")
    create_service = issue_letter

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        letter = self.get_object()
        return docx_response(services.letter_docx(letter), f"{letter.number}.docx")


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
