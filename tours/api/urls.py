from rest_framework.routers import SimpleRouter

from tours.api import status, views

router = SimpleRouter()
router.register("units", views.UnitViewSet)
router.register("terms", views.TermViewSet)
router.register("rounds", views.RoundViewSet)
router.register("groups", views.GroupViewSet)
router.register("members", views.MemberViewSet)
router.register("people", views.PersonViewSet)
router.register("stations", views.StationViewSet)
router.register("round-status", status.RoundStatusViewSet, basename="round-status")

urlpatterns = router.urls
