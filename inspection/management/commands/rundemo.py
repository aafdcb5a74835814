from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inspection.scheduler import EmbeddedScheduler


class Command(BaseCommand):
    help = "Serve the system with the reminder scheduler running in this process (embedded mode)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        scheduler = EmbeddedScheduler()
        scheduler.start()
        self.stdout.write(_("提醒调度器已在本进程内启动。"))
        call_command("runserver", addrport, use_reloader=False)
