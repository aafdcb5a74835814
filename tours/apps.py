from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "tours"
    verbose_name = _("巡视安排")

    def ready(self):
        from tours import charts, permissions  # noqa: F401 (declares the tours permissions)

        charts.register()
