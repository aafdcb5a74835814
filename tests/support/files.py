"""Small real files for upload tests: uploads are parsed (pypdf) and re-encoded (Pillow)."""

import io

from PIL import Image
from pypdf import PdfWriter


def image_bytes(fmt="JPEG", size=(4, 3), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_bytes(pages=1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")
PDF = pdf_bytes()
