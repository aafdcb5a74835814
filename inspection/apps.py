from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("巡视巡察")

    def ready(self):
        from inspection import checks  # noqa: F401  (registers the deploy check)
