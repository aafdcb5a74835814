from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("问题与线索")

    def ready(self):
        from django.db.models.signals import post_migrate

        from findings import figures, permissions, transitions  # noqa: F401 (declares rules)
        from findings.seed import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self)
        from inspection.figures import register_station_figure

        register_station_figure("findings", _("发现问题"), figures.station_findings, order=30)
        register_station_figure(
            "leads_handed_over", _("移交线索"), figures.station_leads_handed_over, order=40
        )
        from findings import charts, reminders

        charts.register()
        reminders.register_rules()
