import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from rest_framework.test import APIClient

from petitions.models import Attachment
from tests.petitions.helpers import register
from tests.support import files


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_upload_limits_and_scoped_download(users):
    petition = register(users.office, users.station_a)
    api = APIClient()
    api.force_authenticate(users.member_a)
    url = f"/api/v1/petitions/{petition.pk}/attachments/"
    bad_type = api.post(
        url, {"kind": "letter", "file": SimpleUploadedFile("a.exe", b"MZ")}, format="multipart"
    )
    assert bad_type.status_code == 400 and "file" in bad_type.json()["fields"]
    with override_settings(PETITION_ATTACHMENT_RULES={"audio": ({".mp3"}, 10)}):
        too_big = api.post(
            url,
            {"kind": "audio", "file": SimpleUploadedFile("c.mp3", b"x" * 11)},
            format="multipart",
        )
    assert too_big.status_code == 400 and "文件过大" in str(too_big.json()["fields"]["file"])
    ok = api.post(
        url,
        {"kind": "letter", "file": SimpleUploadedFile("来信.pdf", files.PDF)},
        format="multipart",
    )
    assert ok.status_code == 201, ok.content
    attachment = Attachment.objects.get()
    assert "来信" not in attachment.file.name  # stored under a random name

    for user, code in (
        (users.member_a, 200),
        (users.office, 200),
        (users.member_b, 404),
        (users.official_a, 404),
        (users.liaison_a, 404),
    ):
        page = Client()
        page.force_login(user)
        response = page.get(f"/petitions/attachments/{attachment.pk}/")
        assert response.status_code == code, user
        if code == 200:
            assert b"".join(response.streaming_content) == files.PDF
    # Leadership reads, but may not add files.
    api.force_authenticate(users.leadership)
    refused = api.post(
        url, {"kind": "letter", "file": SimpleUploadedFile("b.pdf", b"%PDF")}, format="multipart"
    )
    assert refused.status_code == 403
