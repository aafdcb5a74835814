from django.contrib.auth.decorators import login_required
from django.urls import path

from petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.PetitionListView.as_view(), name="petition-list"),
    path("new/", views.intake, name="intake"),
    path("queue/", views.TriageQueueView.as_view(), name="triage-queue"),
    path("export/", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("figures/", views.figures, name="figures"),
    path("reveal-log/", views.RevealLogView.as_view(), name="reveal-log"),
    path("reveal-log/export/", views.RevealLogLedger.as_view(), name="reveal-log-export"),
    path("reveal-reasons/", views.reveal_reasons, name="reveal-reasons"),
    path("<int:pk>/", views.PetitionDetailView.as_view(), name="petition-detail"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/duplicate/", views.confirm_duplicate, name="duplicate"),
    path("<int:pk>/conclude/", views.conclude, name="conclude"),
    path("<int:pk>/attachments/", views.upload_attachment, name="attachment-upload"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/same-reporter/", views.reveal_same_reporter, name="same-reporter"),
    path("<int:pk>/history/", login_required(views.history), name="history"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment-download"),
    path("transfers/<int:pk>/reply/", views.record_reply, name="transfer-reply"),
]
