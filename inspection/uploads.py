"""One check for every uploaded file: scanned letters, recordings, photos, evidence.

Each app states which extensions it takes (with their content types) and how large a file
may be; this module refuses anything else with an error naming the form field, and refuses a
file whose first bytes contradict its extension where the format has a known signature (a
renamed program or script must not pass as a photo or a PDF).
"""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Leading bytes of the formats that have a reliable signature; others are checked by name.
_SIGNATURES = {
    ".pdf": lambda head: head.startswith(b"%PDF"),
    ".jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".png": lambda head: head.startswith(b"\x89PNG"),
    ".webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    ".heic": lambda head: head[4:8] == b"ftyp",
}


def _size_text(size: int) -> str:
    """1048576 -> "1 MB", 524288 -> "512 KB" (a limit is always a round figure)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def check_upload(upload, *, field: str, types: dict[str, str], max_bytes: int) -> str:
    """Validate one upload; returns its content type. `types` maps ".ext" to content type."""
    if upload is None:
        raise ValidationError({field: [_("请选择文件。")]})
    name = os.path.basename(upload.name or "")
    extension = extension_of(name)
    if extension not in types:
        allowed = "、".join(sorted(ext.lstrip(".").upper() for ext in types))
        raise ValidationError(
            {
                field: [
                    _("不支持的文件类型：%(name)s（允许 %(allowed)s）。")
                    % {"name": name, "allowed": allowed}
                ]
            }
        )
    if not upload.size:
        raise ValidationError({field: [_("文件是空的：%(name)s。") % {"name": name}]})
    if upload.size > max_bytes:
        raise ValidationError(
            {
                field: [
                    _("文件过大：%(name)s（不能超过 %(limit)s）。")
                    % {"name": name, "limit": _size_text(max_bytes)}
                ]
            }
        )
    signature = _SIGNATURES.get(extension)
    if signature is not None:
        head = upload.read(16)
        upload.seek(0)
        if not signature(head):
            raise ValidationError({field: [_("文件内容与扩展名不符：%(name)s。") % {"name": name}]})
    return types[extension]
