"""A change made through a token is logged with the token's user as actor."""

import pytest
from auditlog.models import LogEntry
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.test import APIClient

from inspection.accounts.models import ApiToken
from tours.models import Unit, UnitKind


@api_view(["POST"])
def create_unit(request):
    unit = Unit.objects.create(name=request.data["name"], kind=UnitKind.DEPARTMENT)
    return Response({"id": unit.pk}, status=201)


urlpatterns = [path("units/", create_unit)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_actor_is_the_tokens_user(users):
    _token, secret = ApiToken.issue(users.office, "写入")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.post("/units/", {"name": "甲省审计厅"}, format="json")
    assert response.status_code == 201
    entry = LogEntry.objects.get_for_object(Unit.objects.get(pk=response.json()["id"])).get()
    assert entry.actor == users.office
