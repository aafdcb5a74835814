from django.urls import path

from inspection.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("read/", views.read_all, name="read"),
    path("unmailed/", views.UnmailedView.as_view(), name="unmailed"),
]
