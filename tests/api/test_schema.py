"""The OpenAPI schema describes every endpoint; Swagger UI is served from the package."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from inspection.api.urls import APP_ROUTERS
from tests.support.api import schema_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = schema_client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_validates_without_warnings(tmp_path):
    # Raises (fails the test) on any warning or error, and validates against OpenAPI 3.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3.")


def test_every_registered_route_is_described(schema):
    paths = schema["paths"]
    assert "/api/v1/" in paths
    for module in APP_ROUTERS:
        for prefix, viewset, _basename in module.router.registry:
            assert f"/api/v1/{prefix}/" in paths, prefix
            if hasattr(viewset, "retrieve"):
                assert f"/api/v1/{prefix}/{{id}}/" in paths, prefix


def test_every_operation_documents_errors_and_both_authentications(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "个人 API 令牌，格式为“Token <令牌>”或“Bearer <令牌>”。",
    }
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert {"400", "401", "403", "404", "429"} <= set(operation["responses"]), where
            assert operation["responses"]["429"]["content"]["application/json"]["schema"] == error
            assert {"tokenAuth": []} in operation["security"], where
            assert {"cookieAuth": []} in operation["security"], where
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "status",
        "code",
        "message",
        "fields",
    }


def test_list_parameters_are_described(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/stations/"]["get"]["parameters"]}
    assert {"round", "group", "unit", "status", "ordering", "page", "page_size"} <= names


def test_schema_and_docs_need_a_signed_in_user(client, users):
    assert APIClient().get("/api/schema/?format=json").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_swagger_ui_page_loads_its_assets_from_the_sidecar_package(client, users):
    client.force_login(users.member_a)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)
    assert len(assets) >= 3, assets  # bundle, standalone preset, stylesheet
    for url in assets:
        assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL)
        path = url.split(settings.STATIC_URL, 1)[1]
        # Swagger UI from the package; the page's own styles from our file (no inline CSS).
        assert path.startswith("drf_spectacular_sidecar/") or path == "css/swagger-page.css", url
        assert finders.find(path), f"{url} is not a file the static finders can serve"
    assert "cdn" not in html.lower() and "https://" not in html
