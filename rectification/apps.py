from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("整改")

    def ready(self):
        from inspection.figures import register_station_figure
        from rectification import figures, permissions, reminders, transitions  # noqa: F401

        reminders.register_rules()
        register_station_figure(
            "rectification_rate", _("整改率"), figures.rectification_rate, order=60
        )
        register_station_figure("overdue_items", _("逾期整改任务"), figures.overdue_items, order=61)
        from rectification import charts

        charts.register()
