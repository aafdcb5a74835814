import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.petitions.helpers import register


def _fill(w, n):
    for i in range(n):
        register(
            w.office,
            w.station_a,
            f"第{i}件：反映某处长问题",
            people=[(f"人员{i}", "处长", "甲省交通运输厅"), ("共同", "科长", "甲省交通运输厅")],
            disciplines=["integrity", "work"],
            reporter={"name": f"举报人{i}"} if i % 2 else None,
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/petitions/", "/petitions/", "/petitions/queue/"])
def test_list_query_count_does_not_grow(users, url):
    api = APIClient()
    api.force_authenticate(users.member_a)
    page = Client()
    page.force_login(users.member_a)
    client = api if url.startswith("/api/") else page
    _fill(users, 5)
    small = _count(client, url)
    _fill(users, 45)
    large = _count(client, url)
    assert small == large, (small, large)
