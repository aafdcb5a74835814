from django.urls import path

from inspection.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<slug:key>.json", views.chart_data, name="chart-data"),
]
