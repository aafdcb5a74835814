from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "tours"
    verbose_name = _("巡视安排")

    def ready(self):
        from tours import charts, permissions, reminders  # noqa: F401 (declares permissions)

        charts.register()
        reminders.register_rules()
