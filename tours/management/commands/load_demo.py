from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tours.demo import load_minimal_demo


class Command(BaseCommand):
    help = "Load the demo tours and one account per role (idempotent)."

    def handle(self, *args, **options):
        accounts = load_minimal_demo()
        self.stdout.write(_("演示账户（用户名 / 密码 / 角色）："))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<12} {password:<12} {role}")
