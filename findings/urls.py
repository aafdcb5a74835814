from django.urls import path

from findings import views

app_name = "findings"

urlpatterns = [
    path("", views.FindingListView.as_view(), name="finding-list"),
    path("new/", views.finding_create, name="finding-create"),
    path("export.xlsx", views.FindingLedger.as_view(), name="finding-export"),
    path("<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
    path("<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("<int:pk>/history/", views.finding_history, name="finding-history"),
    path("<int:pk>/do/<slug:action>/", views.finding_transition, name="finding-transition"),
    path("<int:finding_pk>/papers/new/", views.paper_create, name="paper-create"),
    path("papers/<int:pk>/", views.WorkingPaperDetailView.as_view(), name="paper-detail"),
    path("papers/<int:pk>/do/<slug:action>/", views.paper_transition, name="paper-transition"),
    path("papers/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("talks/", views.TalkRecordListView.as_view(), name="talk-list"),
    path("talks/new/", views.talk_create, name="talk-create"),
    path("talks/<int:pk>/", views.TalkRecordDetailView.as_view(), name="talk-detail"),
    path("documents/", views.DocumentRequestListView.as_view(), name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/assemble/", views.report_assemble, name="report-assemble"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/do/<slug:action>/", views.report_transition, name="report-transition"),
    path("reports/<int:pk>/<slug:kind>.docx", views.report_docx, name="report-docx"),
    path("leads/", views.LeadListView.as_view(), name="lead-list"),
    path("leads/new/", views.lead_create, name="lead-create"),
    path("leads/export.xlsx", views.LeadLedger.as_view(), name="lead-export"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead-detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead-edit"),
    path("leads/<int:pk>/history/", views.lead_history, name="lead-history"),
    path("leads/<int:pk>/do/<slug:action>/", views.lead_transition, name="lead-transition"),
    path("letters/new/", views.letter_create, name="letter-create"),
    path("letters/<int:pk>/", views.HandoverLetterDetailView.as_view(), name="letter-detail"),
    path("letters/<int:pk>/docx/", views.letter_docx, name="letter-docx"),
    path("figures/", views.figures_view, name="figures"),
]
