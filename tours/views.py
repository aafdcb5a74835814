from inspection.views import ScopedDetailView, ScopedListView, object_history
from tours.models import Station


class StationListView(ScopedListView):
    queryset = Station.objects.select_related("group", "unit", "round")
    template_name = "tours/station_list.html"


class StationDetailView(ScopedDetailView):
    queryset = Station.objects.select_related("group", "unit", "round")
    template_name = "tours/station_detail.html"


def station_history(request, pk):
    return object_history(request, Station.objects.all(), pk)
