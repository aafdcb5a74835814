from django.utils.translation import gettext as _

from findings.demo import load_demo_findings
from inspection.management.demo import DemoDataCommand


class Command(DemoDataCommand):
    help = "Load demo findings, working papers, a report and leads (idempotent)."

    def handle(self, *args, **options):
        for note in load_demo_findings():
            self.stdout.write(note)
        self.stdout.write(_("问题与线索演示数据已载入。"))
