from django.utils.translation import gettext as _

from inspection.management.demo import DemoDataCommand
from petitions.demo import load_demo_petitions


class Command(DemoDataCommand):
    help = (
        "Register synthetic demo petitions on the demo stations (idempotent; run load_demo first)."
    )

    def handle(self, *args, **options):
        created, missing = load_demo_petitions()
        if missing:
            self.stdout.write(_("未找到演示单位（已跳过）：%s") % "、".join(missing))
        self.stdout.write(_("新登记演示信访件 %d 件。") % created)
