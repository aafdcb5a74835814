from django.core.management.base import BaseCommand, CommandError

from inspection import health


class Command(BaseCommand):
    help = (
        "Check one part of the deployment as /healthz does (database, redis, worker, "
        "scheduler, or all); exit status 1 when it is down. Used by docker-compose healthchecks."
    )

    def add_arguments(self, parser):
        parser.add_argument("part", nargs="?", default="all", choices=["all", *health.PARTS])

    def handle(self, *args, part, **options):
        result = health.checks()
        wanted = result if part == "all" else {part: result.get(part, "off")}
        for name, state in wanted.items():
            self.stdout.write(f"{name}: {state}")
        down = [name for name, state in wanted.items() if health.is_down(state)]
        if down:
            raise CommandError(f"down: {', '.join(down)}")
