"""Remove a user's authenticator and recovery codes (lost phone and lost codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inspection.accounts import two_factor


class Command(BaseCommand):
    help = (
        "Removes a user's two-factor authenticator and recovery codes; at the next sign-in the "
        "user sets up a new authenticator (when required of them). Check who asks first."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        removed = two_factor.reset(user)
        self.stdout.write(f"{username}: removed {removed} two-factor device(s)")
