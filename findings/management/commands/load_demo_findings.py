from django.core.management.base import BaseCommand

from findings.demo import load_demo_findings


class Command(BaseCommand):
    help = "Load demo findings, working papers, a report and leads (idempotent)."

    def handle(self, *args, **options):
        for note in load_demo_findings():
            self.stdout.write(note)
        self.stdout.write("findings demo loaded")
