from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspection import crypto
from petitions.keys import rotate_identities


class Command(BaseCommand):
    help = (
        "Re-encrypt every reporter identity with the first FIELD_ENCRYPTION_KEY and recompute "
        "the blind indexes (docs/operations.md, 'Key rotation')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retire-old",
            action="store_true",
            help="Index under the first key, so every other key can then be removed.",
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing: decrypt every identity and report what a run would change.",
        )

    def handle(self, *args, retire_old=False, batch_size=500, check=False, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            keys = crypto.configured_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("已配置密钥 %(count)d 个（指纹）：%(keys)s")
            % {"count": len(keys), "keys": ", ".join(crypto.fingerprint(k) for k in keys)}
        )
        result = rotate_identities(retire_old=retire_old, batch_size=batch_size, check=check)
        if check:
            self.stdout.write(_("检查模式：未写入任何内容，以下为实际运行将做的改动。"))
        self.stdout.write(
            _("加密密钥 %(enc)s，盲索引密钥 %(index)s。")
            % {"enc": result.encrypting_key, "index": result.index_key}
        )
        self.stdout.write(
            _(
                "举报人身份信息 %(checked)d 条：重新加密 %(reencrypted)d 条，"
                "重算盲索引 %(reindexed)d 条，无需改动 %(unchanged)d 条，无法解密 %(failed)d 条。"
            )
            % {
                "checked": result.checked,
                "reencrypted": result.reencrypted,
                "reindexed": result.reindexed,
                "unchanged": result.unchanged,
                "failed": len(result.failed),
            }
        )
        if result.failed:
            raise CommandError(
                _("以下身份信息无法用已配置的密钥解密（编号）：%s。在解决之前不得移除任何密钥。")
                % ", ".join(map(str, result.failed[:50]))
            )
        if retire_old and len(keys) > 1 and not check:
            self.stdout.write(
                _(
                    "现在可以只保留第一个密钥（%(key)s）；"
                    "移除旧密钥并重启后，请再运行一次 rotate_keys。"
                )
                % {"key": result.encrypting_key}
            )
