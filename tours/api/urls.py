from rest_framework.routers import SimpleRouter

from tours.api import views

router = SimpleRouter()
router.register("stations", views.StationViewSet)

urlpatterns = router.urls
