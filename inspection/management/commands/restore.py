from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspection.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an empty database and MEDIA_ROOT, after checking its "
        "hashes (docs/operations.md, 'Restore drill')."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="A folder written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database or MEDIA_ROOT that is not empty.",
        )

    def handle(self, *args, src, force=False, **options):
        try:
            manifest, counts = restore(src, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("已从 %(src)s（%(created)s）恢复：%(files)d 个文件校验一致，%(rows)d 行与清单相符。")
            % {
                "src": src,
                "created": manifest["created_at"],
                "files": len(manifest["files"]),
                "rows": sum(counts.values()),
            }
        )
