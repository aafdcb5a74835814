"""Base for the load_demo* commands: demo data never lands in a production database by mistake.

The demo creates accounts with a published password; with DEBUG off (production) the commands
refuse unless the operator says --force. Tests run with DEBUG off but may load the demo.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class DemoDataCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (never on a production database).",
        )

    def execute(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING or options.get("force")):
            raise CommandError(
                _(
                    "DEBUG 未开启（生产模式）：演示数据含公开密码的账户，拒绝载入。"
                    "确需载入请加 --force。"
                )
            )
        return super().execute(*args, **options)
