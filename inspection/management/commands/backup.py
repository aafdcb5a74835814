from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspection.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database, MEDIA_ROOT and a manifest of hashes into the new folder DEST "
        "(docs/operations.md, 'Backups')."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", help="A folder that does not exist yet (or is empty).")

    def handle(self, *args, dest, **options):
        try:
            manifest = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("备份已写入 %(dest)s：%(files)d 个文件，%(rows)d 行（%(tables)d 张表）。")
            % {
                "dest": dest,
                "files": len(manifest["files"]),
                "rows": sum(manifest["counts"].values()),
                "tables": len(manifest["counts"]),
            }
        )
