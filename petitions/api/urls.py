from rest_framework.routers import SimpleRouter

from petitions.api import views

router = SimpleRouter()
router.register("petitions", views.PetitionViewSet)
router.register("petition-transfers", views.TransferViewSet)
router.register("reveal-logs", views.RevealLogViewSet)
router.register("reveal-reasons", views.RevealReasonViewSet)

urlpatterns = router.urls
