import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from inspection.api.errors import exception_handler


def test_service_validation_error_names_the_field():
    request = APIRequestFactory().post("/")
    response = exception_handler(
        ValidationError({"entry_on": ["进驻日期不能晚于结束日期。"]}), {"request": request}
    )
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["fields"] == {"entry_on": ["进驻日期不能晚于结束日期。"]}


@pytest.mark.django_db
def test_not_found_has_the_same_shape(users):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.member_b)
    body = api.get(f"/api/v1/stations/{users.station_a.pk}/").json()
    assert body["status"] == 404 and body["code"] == "not_found" and body["fields"] == {}
