from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from inspection.api.viewsets import ScopedReadOnlyModelViewSet, ScopedViewSetMixin
from inspection.scoping import scoped
from petitions import services
from petitions.api import serializers as s
from petitions.duplicates import suggest_duplicates
from petitions.figures import petition_figures
from petitions.filtersets import PetitionFilter
from petitions.models import Petition, RevealLog, Transfer
from tours.models import Round, Station, Term


def _call(function, *args, **kwargs):
    """Run a service; a refusal by the rules is a 403 (the object itself was visible)."""
    try:
        return function(*args, **kwargs)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class PetitionViewSet(
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

    def get_queryset(self):
        return scoped(s.petition_queryset(self.request.user), self.request.user)

    def _detail(self, petition, code=status.HTTP_200_OK, **extra):
        obj = self.get_queryset().get(pk=petition.pk)
        return Response({**self.get_serializer(obj).data, **extra}, status=code)

    @extend_schema(request=s.RegisterSerializer, responses=s.PetitionSerializer)
    def create(self, request, *args, **kwargs):
        form = s.RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        petition = _call(services.register_petition, user=request.user, **form.to_service_kwargs())
        suggestions = [
            {"id": row["petition"].pk, "number": row["petition"].number, "reasons": row["reasons"]}
            for row in suggest_duplicates(petition, request.user)
        ]
        return self._detail(petition, status.HTTP_201_CREATED, duplicate_suggestions=suggestions)

    def _run(self, request, input_serializer, function, **fixed):
        petition = self.get_object()
        form = input_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        _call(function, petition, request.user, **fixed, **form.validated_data)
        return self._detail(petition)

    @extend_schema(request=s.TriageSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._run(request, s.TriageSerializer, services.triage)

    @extend_schema(request=s.TransferInputSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._run(request, s.TransferInputSerializer, services.transfer)

    @extend_schema(request=s.DuplicateSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        petition = self.get_object()
        form = s.DuplicateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        original = get_object_or_404(self.get_queryset(), pk=form.validated_data["original"])
        _call(services.confirm_duplicate, petition, original, request.user)
        return self._detail(petition)

    @extend_schema(request=s.ConcludeSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._run(request, s.ConcludeSerializer, services.conclude)

    @extend_schema(request=s.RevealSerializer, responses=s.RevealedIdentitySerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        petition = self.get_object()
        form = s.RevealSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        identity = _call(
            services.reveal_identity, petition, request.user, form.validated_data.get("reason")
        )
        return Response(identity)

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

    @extend_schema(responses={201: s.AttachmentCreatedSerializer})
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
    )
    def attachments(self, request, pk=None):
        petition = self.get_object()
        attachment = _call(
            services.add_attachment,
            petition,
            request.user,
            request.FILES.get("file"),
            request.data.get("kind", ""),
        )
        return Response(
            {"id": attachment.pk, "name": attachment.original_name, "size": attachment.size},
            status=status.HTTP_201_CREATED,
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


class TransferViewSet(ScopedReadOnlyModelViewSet):
    queryset = Transfer.objects.select_related("petition", "receiving_body")
    serializer_class = s.TransferSerializer
    filterset_fields = ("receiving_body", "petition")
    ordering_fields = ("sent_on", "reply_due_on", "id")

    @extend_schema(request=s.ReplySerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        record = self.get_object()
        form = s.ReplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _call(services.record_reply, record, request.user, form.validated_data["replied_on"])
        return Response(self.get_serializer(record).data)


class RevealLogViewSet(ScopedReadOnlyModelViewSet):
    """Who revealed which reporter's identity, when and why (office staff only)."""

    queryset = RevealLog.objects.select_related("user", "petition")
    serializer_class = s.RevealLogSerializer
    filterset_fields = ("petition", "user")
