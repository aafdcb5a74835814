from django.urls import path

from tours import views

app_name = "tours"

urlpatterns = [
    path("stations/", views.StationListView.as_view(), name="station-list"),
    path("stations/<int:pk>/", views.StationDetailView.as_view(), name="station-detail"),
    path("stations/<int:pk>/history/", views.station_history, name="station-history"),
]
