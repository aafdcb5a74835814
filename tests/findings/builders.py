"""Builders for findings tests. They go through the services, as users do."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from findings import services
from findings.models import Category, Finding, FindingStatus, Lead, LeadStatus
from tests.support import files

# Real files: photos are re-encoded and PDFs parsed on upload.
JPEG_BYTES = files.JPEG
PDF_BYTES = files.PDF


def photo(name="doc.jpg", content=JPEG_BYTES, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def category(code="integrity"):
    return Category.objects.get(code=code)


def draft_finding(world, station=None, author=None, title="公车私用问题", code="integrity"):
    station = station or world.station_a
    author = author or world.member_a
    return services.create_finding(author, station, title=title, category=category(code))


def add_paper(world, finding, author=None):
    return services.create_working_paper(
        author or world.member_a,
        finding,
        prepared_on=datetime.date(2024, 3, 20),
        facts_who="张某（办公室主任）",
        facts_what="2023年多次使用公务用车办理私事。",
        facts_when="2023年3月至10月",
    )


def signed_paper(world, finding):
    paper = add_paper(world, finding)
    services.review_working_paper(world.deputy_a, paper)
    services.sign_working_paper(world.leader_a, paper)
    return paper


def approved_finding(world, title="公车私用问题", code="integrity"):
    finding = draft_finding(world, title=title, code=code)
    signed_paper(world, finding)
    services.review_finding(world.deputy_a, finding)
    services.approve_finding(world.leader_a, finding)
    return finding


def finding_in_status(station, status, title="问题", code="other"):
    """A finding placed straight in a status (for visibility and count tests)."""
    return Finding.objects.create(
        station=station, title=title, status=status, category=category(code)
    )


def lead(world, station=None, name="李某", body=None):
    station = station or world.station_a
    return services.register_lead(
        world.office,
        station,
        person_name=name,
        person_position="处长",
        facts="涉嫌违规收受礼金。",
        receiving_body=body or world.body_a,
    )


def handed_over_lead(world, station=None, name="李某", body=None, on=None):
    item = lead(world, station, name, body)
    services.approve_lead(world.office, item)
    services.hand_over(world.office, [item], body or world.body_a, on or datetime.date(2024, 5, 6))
    item.refresh_from_db()
    return item


def lead_in_status(station, body, status=LeadStatus.HANDED_OVER, handed_over_on=None, due=None):
    return Lead.objects.create(
        station=station,
        person_name="王某",
        facts="问题线索",
        receiving_body=body,
        status=status,
        handed_over_on=handed_over_on,
        report_back_due_on=due,
    )


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


__all__ = ["FindingStatus"]
