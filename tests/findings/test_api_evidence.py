"""Evidence through the API: accepted types only, errors name the field, scoped download."""

import pytest
from rest_framework.test import APIClient

from findings.models import Evidence
from tests.findings import builders as b

pytestmark = pytest.mark.django_db


def test_upload_photo_and_refuse_other_files(users):
    w = users
    paper = b.add_paper(w, b.draft_finding(w))
    api = APIClient()
    api.force_authenticate(w.member_a)
    url = f"/api/v1/working-papers/{paper.pk}/evidence/"
    response = api.post(url, {"file": b.photo("合同.pdf", b.PDF_BYTES)}, format="multipart")
    assert response.status_code == 201, response.content
    assert (
        response.json()["download_url"] == f"/findings/evidence/{response.json()['id']}/download/"
    )
    response = api.post(url, {"file": b.photo("run.sh", b"#!/bin/sh")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["fields"]
    assert Evidence.objects.count() == 1
    api.force_authenticate(w.member_b)
    response = api.post(url, {"file": b.photo()}, format="multipart")
    assert response.status_code == 404


def test_create_finding_and_paper_through_the_api(users):
    w = users
    api = APIClient()
    api.force_authenticate(w.member_a)
    response = api.post(
        "/api/v1/findings/",
        {"station": w.station_a.pk, "title": "违规公款吃喝", "category": b.category().pk},
    )
    assert response.status_code == 201, response.content
    finding = response.json()["id"]
    response = api.post(
        "/api/v1/working-papers/",
        {
            "finding": finding,
            "facts_who": "周某",
            "facts_what": "公款宴请。",
            "facts_when": "2023年",
        },
    )
    assert response.status_code == 201 and response.json()["number"].startswith("巡底〔")
    response = api.post("/api/v1/findings/", {"station": w.station_a.pk, "title": "无类别"})
    assert response.status_code == 400 and "category" in response.json()["fields"]
    api.force_authenticate(w.member_b)
    response = api.post(
        "/api/v1/findings/",
        {"station": w.station_a.pk, "title": "越权", "category": b.category().pk},
    )
    assert response.status_code == 400 and "station" in response.json()["fields"]
