"""A request Django itself refuses (too many fields) still answers the API's error shape."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_too_many_multipart_fields_answer_json_under_the_api(users):
    client = APIClient()
    client.force_authenticate(users.office)
    data = {f"f{i}": "x" for i in range(1200)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS (1000)
    response = client.post("/api/v1/terms/", data, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "invalid"
