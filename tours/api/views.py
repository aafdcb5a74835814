from inspection.api.viewsets import ScopedReadOnlyModelViewSet
from tours.api.serializers import StationSerializer
from tours.models import Station


class StationViewSet(ScopedReadOnlyModelViewSet):
    queryset = Station.objects.select_related("group", "unit")
    serializer_class = StationSerializer
    filterset_fields = ("round", "group", "unit", "status")
    ordering_fields = ("entry_on", "feedback_on", "id")
