from rest_framework.routers import SimpleRouter

from findings.api import views

router = SimpleRouter()
router.register("finding-categories", views.CategoryViewSet, basename="finding-category")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("working-papers", views.WorkingPaperViewSet, basename="working-paper")
router.register("talk-records", views.TalkRecordViewSet, basename="talk-record")
router.register("document-requests", views.DocumentRequestViewSet, basename="document-request")
router.register("reports", views.ReportViewSet, basename="report")
router.register("leads", views.LeadViewSet, basename="lead")
router.register("handover-letters", views.HandoverLetterViewSet, basename="handover-letter")

urlpatterns = router.urls
