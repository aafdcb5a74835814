"""Input limits every write meets before any service: size, control characters, one error shape."""

import time
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from inspection.validation import find_bad_strings
from tours.models import Station

pytestmark = pytest.mark.django_db


def _office_client(users):
    client = APIClient()
    client.force_authenticate(users.office)
    return client


def test_an_oversized_body_is_refused_before_it_is_read(users):
    url = f"/api/v1/stations/{users.station_a.pk}/"
    body = '{"hotline": "' + "1" * (2 * 1024 * 1024) + '"}'
    started = time.monotonic()
    response = _office_client(users).generic("PATCH", url, body, "application/json")
    assert response.status_code == 413
    assert time.monotonic() - started < 1.0
    payload = response.json()
    assert payload["code"] == "too_large" and "MB" in payload["message"]
    assert Station.objects.get(pk=users.station_a.pk).hotline != "1" * 10


def test_an_oversized_browser_form_is_refused_too(users, client):
    client.force_login(users.office)
    body = urlencode({"hotline": "1" * (2 * 1024 * 1024)})
    url = f"/tours/stations/{users.station_a.pk}/contact/"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "MB" in response.content.decode()


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u200b", "\u202e"])
def test_control_characters_anywhere_in_a_write_body_name_their_field(users, char):
    url = f"/api/v1/stations/{users.station_a.pk}/"
    response = _office_client(users).patch(url, {"hotline": f"0851{char}8888"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body["fields"]) == ["hotline"]
    assert body["message"] == body["fields"]["hotline"][0]  # the one message, not a generic one
    assert f"U+{ord(char):04X}" in body["message"]


def test_nested_paths_are_named():
    data = {"persons": [{"name": "张三"}, {"name": "李\x07四"}], "note": "ok\n\tline"}
    assert list(find_bad_strings(data)) == ["persons[1].name"]


def test_the_refusal_speaks_english_to_an_english_user(users):
    client = _office_client(users)
    client.cookies["django_language"] = "en"
    url = f"/api/v1/stations/{users.station_a.pk}/"
    response = client.patch(url, {"hotline": "0851\x1b"}, format="json")
    assert response.status_code == 400
    assert "control" in response.json()["message"].lower()
