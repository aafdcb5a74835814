from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rectification.demo import load_rectification_demo


class Command(BaseCommand):
    help = "Give the demo station feedback, a rectification plan and items (idempotent)."

    def handle(self, *args, **options):
        station = load_rectification_demo()
        count = station.rectification_items.count()
        self.stdout.write(
            _("整改演示数据：%(unit)s，%(count)d 项整改任务。")
            % {"unit": station.unit, "count": count}
        )
