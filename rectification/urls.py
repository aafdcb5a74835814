from django.urls import path

from rectification import views

app_name = "rectification"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="station-list"),
    path("stations/<int:pk>/", views.station_detail, name="station-detail"),
    path("stations/<int:pk>/plan/<str:action>/", views.plan_action, name="plan-action"),
    path("rates/", views.rates_page, name="rates"),
    path("items/", views.ItemListView.as_view(), name="item-list"),
    path("items/ledger.xlsx", views.RectificationLedger.as_view(), name="ledger"),
    path("findings/<int:finding_pk>/items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("items/<int:pk>/<str:action>/", views.item_action, name="item-action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("letters/", views.LetterListView.as_view(), name="letter-list"),
    path("stations/<int:pk>/letters/new/", views.letter_create, name="letter-create"),
    path("letters/<int:pk>/", views.LetterDetailView.as_view(), name="letter-detail"),
    path("letters/<int:pk>/docx/", views.letter_download, name="letter-docx"),
]
