app_name = "findings"

urlpatterns = []
