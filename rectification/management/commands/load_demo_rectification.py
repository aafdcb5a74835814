from django.utils.translation import gettext as _

from inspection.management.demo import DemoDataCommand
from rectification.demo import load_rectification_demo


class Command(DemoDataCommand):
    help = "Give the demo station feedback, a rectification plan and items (idempotent)."

    def handle(self, *args, **options):
        station = load_rectification_demo()
        count = station.rectification_items.count()
        self.stdout.write(
            _("整改演示数据：%(unit)s，%(count)d 项整改任务。")
            % {"unit": station.unit, "count": count}
        )
