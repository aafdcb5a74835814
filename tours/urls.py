from django.urls import path

from tours import ledgers, views

app_name = "tours"

urlpatterns = [
    path("stations/", views.StationListView.as_view(), name="station-list"),
    path("stations/<int:pk>/", views.StationDetailView.as_view(), name="station-detail"),
    path("stations/<int:pk>/history/", views.station_history, name="station-history"),
    path("stations/<int:pk>/transition/", views.station_transition, name="station-transition"),
    path("stations/<int:pk>/contact/", views.station_contact, name="station-contact"),
    path("terms/", views.TermListView.as_view(), name="term-list"),
    path("terms/<int:pk>/coverage/", views.term_coverage, name="term-coverage"),
    path("terms/<int:pk>/rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_plan, name="round-plan"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("units/import/", views.unit_import, name="unit-import"),
    path("units/export/", ledgers.UnitLedger.as_view(), name="unit-export"),
]
