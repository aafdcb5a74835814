import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inspection.uploads import check_upload
from tests.support import files

TYPES = {".pdf": "application/pdf", ".png": "image/png", ".mp3": "audio/mpeg"}


def _errors(upload, max_bytes=1024):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, field="file", types=TYPES, max_bytes=max_bytes)
    return caught.value.message_dict["file"][0]


def test_accepted_file_returns_its_content_type_and_stays_readable():
    upload = SimpleUploadedFile("来信.PDF", files.PDF)
    assert check_upload(upload, field="file", types=TYPES, max_bytes=4096) == "application/pdf"
    assert upload.read() == files.PDF  # the checks rewind


def test_refusals_name_the_file_and_the_reason():
    assert "不支持的文件类型：run.exe" in _errors(SimpleUploadedFile("run.exe", b"MZ"))
    assert "文件是空的" in _errors(SimpleUploadedFile("a.pdf", b""))
    assert "不能超过 2 KB" in _errors(SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * 2048), 2048)
    big = SimpleUploadedFile("b.pdf", b"%PDF" + b"0" * (3 * 1024 * 1024))
    assert "不能超过 2.5 MB" in _errors(big, 5 * 1024 * 1024 // 2)
    assert "文件内容与扩展名不符" in _errors(
        SimpleUploadedFile("photo.png", b"#!/bin/sh\nrm -rf /")
    )
    with pytest.raises(ValidationError):
        check_upload(None, field="file", types=TYPES, max_bytes=1024)


def test_formats_without_a_signature_are_checked_by_name_and_size():
    assert (
        check_upload(
            SimpleUploadedFile("录音.mp3", b"x" * 10), field="file", types=TYPES, max_bytes=1024
        )
        == "audio/mpeg"
    )


def test_photos_are_re_encoded_and_every_page_of_a_scan_kept():
    from PIL import Image

    upload = SimpleUploadedFile("照片.png", files.PNG + b"<script>alert(1)</script>")
    check_upload(upload, field="file", types=TYPES, max_bytes=4096)
    stored = upload.read()
    assert b"<script" not in stored and upload.size == len(stored)
    assert Image.open(io.BytesIO(stored)).format == "PNG"

    pages = [Image.new("L", (20, 30), shade) for shade in (0, 128, 255)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    scan = SimpleUploadedFile("来信.tif", buffer.getvalue())
    check_upload(scan, field="file", types={".tif": "image/tiff"}, max_bytes=1024 * 1024)
    assert Image.open(io.BytesIO(scan.read())).n_frames == 3


def test_a_pdf_that_does_not_parse_or_carries_a_page_is_refused():
    assert "无法作为PDF读取：a.pdf" in _errors(SimpleUploadedFile("a.pdf", b"%PDF-1.7 scan"))
    polyglot = files.PDF.replace(b"\n", b"\n<!DOCTYPE html><script>x()</script>\n", 1)
    assert "网页代码" in _errors(SimpleUploadedFile("b.pdf", polyglot), 4096)
