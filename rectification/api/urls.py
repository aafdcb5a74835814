from rest_framework.routers import SimpleRouter

from rectification.api import views

router = SimpleRouter()
router.register("rectification-plans", views.PlanViewSet)
router.register("rectification-items", views.ItemViewSet)
router.register("rectification-progress", views.ProgressViewSet)
router.register("rectification-letters", views.LetterViewSet)
router.register("rectification-status", views.StationStatusViewSet, basename="rectification-status")

urlpatterns = router.urls
