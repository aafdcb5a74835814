from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("信访举报")

    def ready(self):
        from petitions import charts, figures, permissions, reminders, transitions  # noqa: F401

        figures.register()
        charts.register()
        reminders.register_rules()
