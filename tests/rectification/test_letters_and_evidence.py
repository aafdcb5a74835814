import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from rest_framework.test import APIClient

from rectification.models import Evidence, LetterKind, RectificationItem
from tests.support import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _letter(client, world, kind, new_deadline=None):
    data = {"kind": kind, "station": world.station_a.pk, "items": [world.item_a.pk]}
    data |= {"body": "你单位整改任务进展缓慢，请抓紧落实。"}
    if new_deadline:
        data["new_deadline"] = new_deadline
    return client.post("/api/v1/rectification-letters/", data)


def test_supervision_letters_are_numbered_and_move_the_deadline(world):
    office = api(world.office)
    year = datetime.date.today().year
    response = _letter(office, world, LetterKind.SUPERVISION)
    assert response.status_code == 400 and "new_deadline" in response.json()["fields"]
    later = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    first = _letter(office, world, LetterKind.SUPERVISION, later).json()
    second = _letter(office, world, LetterKind.REMINDER).json()
    assert first["number"] == f"巡整督〔{year}〕0001号"
    assert second["number"] == f"巡整提〔{year}〕0001号"
    item = RectificationItem.objects.get(pk=world.item_a.pk)
    assert item.deadline.isoformat() == later
    assert item.original_deadline == datetime.date(2024, 9, 30)
    assert _letter(api(world.liaison_a), world, LetterKind.REMINDER).status_code == 403


def test_letter_exports_as_word_and_is_scoped(world):
    office = api(world.office)
    later = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    letter = _letter(office, world, LetterKind.SUPERVISION, later).json()
    browser = Client()
    browser.force_login(world.liaison_a)
    response = browser.get(f"/rectification/letters/{letter['id']}/docx/")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert letter["number"] in text and "督办函" in text and world.unit_a.name in text
    browser.force_login(world.liaison_b)
    assert browser.get(f"/rectification/letters/{letter['id']}/docx/").status_code == 404
    assert (
        api(world.liaison_b).get(f"/api/v1/rectification-letters/{letter['id']}/docx/").status_code
        == 404
    )


def test_evidence_limits_and_scoped_download(world, settings):
    settings.RECTIFICATION_EVIDENCE_MAX_BYTES = 1024
    browser = Client()
    browser.force_login(world.liaison_a)
    url = f"/rectification/items/{world.item_a.pk}/progress/"
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = browser.post(url, {"text": "进展", "evidence": [bad]})
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    response = browser.post(url, {"text": "进展", "evidence": [big]})
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    assert not world.item_a.progress_reports.exists()  # nothing half-stored

    good = SimpleUploadedFile("会议纪要.pdf", files.PDF, content_type="application/pdf")
    assert browser.post(url, {"text": "进展", "evidence": [good]}).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "会议纪要.pdf" and "会议纪要" not in evidence.file.name
    download = browser.get(f"/rectification/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == files.PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    for outsider in (world.liaison_b, world.member_b, world.official_a):
        browser.force_login(outsider)
        assert browser.get(f"/rectification/evidence/{evidence.pk}/").status_code == 404


def test_progress_with_evidence_through_the_api(world):
    client = api(world.liaison_a)
    url = f"/api/v1/rectification-items/{world.item_a.pk}/progress/"
    upload = SimpleUploadedFile("照片.png", files.PNG, content_type="image/png")
    response = client.post(url, {"text": "现场整改照片", "files": [upload]}, format="multipart")
    assert response.status_code == 201, response.content
    [evidence] = response.json()["evidence"]
    assert (evidence["original_name"], evidence["content_type"]) == ("照片.png", "image/png")
    bad = SimpleUploadedFile("x.sh", b"#!/bin/sh", content_type="text/plain")
    response = client.post(url, {"text": "脚本", "files": [bad]}, format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()["fields"]
    assert RectificationItem.objects.get(pk=world.item_a.pk).status == "in_progress"
