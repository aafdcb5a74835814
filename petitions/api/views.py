from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from inspection.api.actions import WriteViewSetMixin, service_action
from inspection.api.viewsets import ScopedReadOnlyModelViewSet, ScopedViewSetMixin
from inspection.scoping import scoped
from petitions import reveals, services
from petitions.api import serializers as s
from petitions.duplicates import suggest_duplicates
from petitions.figures import petition_figures
from petitions.filtersets import PetitionFilter, RevealLogFilter
from petitions.models import Petition, RevealLog, RevealReason, Transfer
from tours.models import Round, Station, Term


def transfer_petition(user, petition, **data):
    """Send the petition on (services.transfer); the answer is the petition."""
    services.transfer(user, petition, **data)
    return petition


# A DRF action's function is named like the viewset attribute holding it.
transfer_petition.__name__ = "transfer"


def register_from_api(user, **validated):
    return services.register_petition(user, **s.RegisterSerializer.service_kwargs(validated))


class PetitionViewSet(
    WriteViewSetMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Petitions; state changes are actions (triage, transfer, duplicate, conclude, reveal)."""

    queryset = Petition.objects.all()
    serializer_class = s.PetitionSerializer
    filterset_class = PetitionFilter
    ordering_fields = ("received_at", "routing_due_on", "number", "id")
    create_service = staticmethod(register_from_api)

    def get_queryset(self):
        return scoped(s.petition_queryset(self.request.user), self.request.user)

    @extend_schema(request=s.RegisterSerializer, responses={201: s.PetitionSerializer})
    def create(self, request, *args, **kwargs):
        """Register a petition; the answer adds likely duplicates among visible petitions."""
        data = self.validated_input(request, s.RegisterSerializer)
        petition = type(self).create_service(request.user, **data)
        suggestions = [
            {"id": row["petition"].pk, "number": row["petition"].number, "reasons": row["reasons"]}
            for row in suggest_duplicates(petition, request.user)
        ]
        body = {**self.answer(petition), "duplicate_suggestions": suggestions}
        return Response(body, status=status.HTTP_201_CREATED)

    triage = service_action(
        services.triage,
        s.TriageSerializer,
        url_path="triage",
        doc="Record the assessment; `outcome` handled_by_group or filed_for_reference routes it.",
    )
    transfer = service_action(
        transfer_petition,
        s.TransferInputSerializer,
        url_path="transfer",
        doc="Send the petition on to a receiving body (never twice to the same body).",
    )
    confirm_duplicate = service_action(
        services.confirm_duplicate,
        s.DuplicateSerializer,
        url_path="duplicate",
        doc="Link the petition to the original it repeats.",
    )
    conclude = service_action(
        services.conclude,
        s.ConcludeSerializer,
        url_path="conclude",
        doc="Conclude a routed petition.",
    )
    reveal_identity = service_action(
        reveals.reveal_identity,
        s.RevealSerializer,
        url_path="reveal",
        output_serializer=s.RevealedIdentitySerializer,
        doc="Reveal the reporter's identity (logged with purpose and explanation; the "
        "office's supervisors are told; at most REVEAL_DAILY_LIMIT a day).",
    )
    reveal_same_reporter = service_action(
        reveals.reveal_same_reporter,
        s.RevealSerializer,
        url_path="same-reporter",
        output_serializer=s.SameReporterSerializer,
        doc="The other petitions from the same reporter: a reveal like the identity itself.",
    )

    @extend_schema(responses=s.SameReporterCountSerializer, filters=False)
    @action(
        detail=True,
        methods=["get"],
        url_path="same-reporter-count",
        filter_backends=[],
        pagination_class=None,
    )
    def same_reporter_count(self, request, pk=None):
        """How many other petitions come from the same reporter (null unless the user may
        reveal, and for the user who registered the petition); which ones: POST
        same-reporter/."""
        petition = self.get_object()
        return Response({"count": reveals.same_reporter_count(request.user, petition)})

    add_attachment = service_action(
        services.add_attachment,
        s.AttachmentInputSerializer,
        url_path="attachments",
        output_serializer=s.AttachmentCreatedSerializer,
        response_status=status.HTTP_201_CREATED,
        doc="Attach a scanned letter, a recording or other material (multipart).",
    )

    @extend_schema(responses=s.DuplicateSuggestionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def duplicates(self, request, pk=None):
        """Likely duplicates among the petitions the user may see."""
        petition = self.get_object()
        rows = suggest_duplicates(petition, request.user)
        return Response(
            [
                {
                    "id": r["petition"].pk,
                    "number": r["petition"].number,
                    "summary": r["petition"].summary,
                    "reasons": r["reasons"],
                }
                for r in rows
            ]
        )

    @extend_schema(
        responses=s.PetitionFiguresSerializer,
        filters=False,
        parameters=[
            OpenApiParameter("station", int),
            OpenApiParameter("round", int),
            OpenApiParameter("term", int),
        ],
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def figures(self, request):
        """Figures for a station, round or term (?station= / ?round= / ?term=)."""
        user = request.user
        kwargs = {}
        for key, model in (("station", Station), ("round", Round), ("term", Term)):
            value = request.query_params.get(key, "")
            if not value:
                continue
            if not value.isdigit():
                raise ValidationError({key: [_("请填写有效的编号（数字）。")]})
            kwargs[key] = get_object_or_404(model.objects.visible_to(user), pk=int(value))
        return Response(petition_figures(user, **kwargs))


class TransferViewSet(WriteViewSetMixin, ScopedReadOnlyModelViewSet):
    queryset = Transfer.objects.select_related("petition", "receiving_body")
    serializer_class = s.TransferSerializer
    filterset_fields = ("receiving_body", "petition")
    ordering_fields = ("sent_on", "reply_due_on", "id")

    record_reply = service_action(
        services.record_reply,
        s.ReplySerializer,
        url_path="reply",
        doc="Record the receiving body's reply (its officials, or office staff).",
    )


class RevealLogViewSet(ScopedReadOnlyModelViewSet):
    """Who revealed which reporter's identity, when and why (office staff only)."""

    queryset = RevealLog.objects.select_related("user", "petition", "purpose")
    serializer_class = s.RevealLogSerializer
    filterset_class = RevealLogFilter


class RevealReasonViewSet(ScopedReadOnlyModelViewSet):
    """The office's list of purposes a reveal is chosen from (kept on the browser page)."""

    queryset = RevealReason.objects.all()
    serializer_class = s.RevealReasonSerializer
    filterset_fields = ("is_active",)
