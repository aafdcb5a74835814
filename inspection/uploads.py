"""One check for every uploaded file: scanned letters, recordings, photos, evidence.

Each app states which extensions it takes (with their content types) and how large a file
may be; this module refuses anything else with an error naming the form field, and refuses a
file whose first bytes contradict its extension where the format has a known signature (a
renamed program or script must not pass as a photo or a PDF).

Photos are opened and re-encoded with Pillow before they are stored: what is kept is pixels
written by Pillow, never the uploaded bytes (nothing hidden after the image, no metadata such
as the camera's GPS position). PDFs are parsed with pypdf and refused when they do not parse
or carry HTML markup (a PDF/HTML polyglot a browser could render as a page). HEIC photos,
which Pillow cannot read without a plug-in, are checked by signature only.

Stored files get random names (each model's upload_to); the uploaded name is kept only as
data. Files go back to users only through `download_response`: attachment, nosniff, no-store.
"""

import io
import os
import re
import warnings

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader

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


# Pillow's format name for each extension it re-encodes.
_IMAGE_FORMATS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}
# Markup a browser would render if it ever took the file for a page.
_HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|a\s+href|img\s)",
    re.IGNORECASE,
)


def check_upload(upload, *, field: str, types: dict[str, str], max_bytes: int) -> str:
    """Validate one upload; returns its content type. `types` maps ".ext" to content type.

    A photo's content is replaced by its re-encoded form (upload.size follows)."""
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
    if extension in _IMAGE_FORMATS:
        _reencode_image(upload, field, name, _IMAGE_FORMATS[extension])
    elif extension == ".pdf":
        _check_pdf(upload, field, name)
    return types[extension]


def _unreadable(field, name, what):
    return ValidationError(
        {field: [_("文件无法作为%(what)s读取：%(name)s。") % {"what": what, "name": name}]}
    )


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def _reencode_image(upload, field, name, expected_format):
    data = _read_all(upload)
    try:
        with warnings.catch_warnings():
            # A decompression bomb (far more pixels than a photo) is refused, not decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != expected_format:
                    raise ValueError(probe.format)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                buffer = io.BytesIO()
                options = {"quality": 90} if expected_format in ("JPEG", "WEBP") else {}
                if getattr(image, "n_frames", 1) > 1 and expected_format != "JPEG":
                    # A scanned letter of several pages (TIFF): every page is kept.
                    image.save(buffer, format=expected_format, save_all=True, **options)
                else:
                    image = ImageOps.exif_transpose(image)  # keep the orientation, drop EXIF
                    if expected_format == "JPEG" and image.mode not in ("RGB", "L"):
                        image = image.convert("RGB")
                    image.save(buffer, format=expected_format, **options)
    except Exception as exc:
        raise _unreadable(field, name, _("图片")) from exc
    _replace_content(upload, buffer.getvalue())


def _check_pdf(upload, field, name):
    data = _read_all(upload)
    if _HTML_MARKUP.search(data):
        raise ValidationError(
            {field: [_("PDF 文件中含有网页代码，不予接收：%(name)s。") % {"name": name}]}
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted with a password")
        if len(reader.pages) < 1:
            raise ValueError("no pages")
        for page in reader.pages:
            page.mediabox  # noqa: B018  (each page object must resolve)
    except Exception as exc:
        raise _unreadable(field, name, "PDF") from exc


def _replace_content(upload, data: bytes):
    """Put `data` in place of the upload's bytes (in memory or in its temporary file)."""
    handle = upload.file
    handle.seek(0)
    handle.truncate()
    handle.write(data)
    handle.flush()
    handle.seek(0)
    upload.size = len(data)


def download_response(file, *, filename: str, content_type: str | None = None):
    """A stored file as a download: never rendered inline, never sniffed, never cached."""
    response = FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
