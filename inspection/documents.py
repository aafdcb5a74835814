"""Word documents from one mechanism: a title, numbered heading, fields and tables.

Every letter and report the system produces (handover letters, feedback opinions, report
drafts, supervision and reminder letters) is a `DocumentSpec` rendered by `render_docx`, so
they share a look, a numbering line and a date line.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


@dataclass
class DocumentSpec:
    title: str
    number: str = ""
    addressee: str = ""
    paragraphs: list[str] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    sender: str = ""
    dated: date | None = None


def _set_chinese_font(document, name="宋体", size=14):
    style = document.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), name)


def render_docx(spec: DocumentSpec) -> bytes:
    document = Document()
    _set_chinese_font(document)
    if spec.number:
        number = document.add_paragraph(spec.number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_heading(spec.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if spec.addressee:
        document.add_paragraph(f"{spec.addressee}：")
    for text in spec.paragraphs:
        document.add_paragraph(text)
    if spec.table_header:
        table = document.add_table(rows=1, cols=len(spec.table_header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, spec.table_header, strict=True):
            cell.text = text
        for row in spec.table_rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
    if spec.sender:
        sender = document.add_paragraph(spec.sender)
        sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if spec.dated:
        dated = document.add_paragraph(f"{spec.dated.year}年{spec.dated.month}月{spec.dated.day}日")
        dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str):
    """Every Word download, browser or API: the right type and a UTF-8 file name (RFC 6266)."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.docx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
