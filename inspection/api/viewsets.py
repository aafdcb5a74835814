"""Base viewsets. Every API viewset derives from one of these, so every endpoint is scoped."""

from auditlog.models import LogEntry
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from inspection.audit.serializers import LogEntrySerializer
from inspection.scoping import scoped
from inspection.validation import find_bad_strings


class ScopedViewSetMixin:
    """Answers only with what the caller may see (need-to-know); anything else is 404."""

    # (This docstring is inherited by viewsets without their own and shown in the API docs.
    # `get_queryset()` passes through the model's `visible_to(user)`.)

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:
            # Every string of every write body, nested ones included, before any serializer.
            data = request.data
            data = dict(data.lists()) if hasattr(data, "lists") else data
            problems = find_bad_strings(data)
            if problems:
                raise ValidationError(problems)

    history_limit = 500

    @extend_schema(responses=LogEntrySerializer(many=True), filters=False)
    # Not paginated (it answers the newest `history_limit` entries as a plain list); saying so
    # keeps the schema true to the response.
    @action(
        detail=True,
        methods=["get"],
        url_path="history",
        filter_backends=[],
        pagination_class=None,
    )
    def history(self, request, pk=None):
        """Audit history of this object, newest first (who, when, what before and after)."""
        if not request.user.reads_audit_history:
            raise Http404
        obj = self.get_object()
        entries = (
            LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
        )
        return Response(LogEntrySerializer(entries[: self.history_limit], many=True).data)


class ScopedReadOnlyModelViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedCreateReadUpdateViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Case data that is never deleted through the API (it is concluded or closed instead)."""
