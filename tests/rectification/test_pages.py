import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_office_and_liaison_pages_render(world):
    office, liaison = Client(), Client()
    office.force_login(world.office)
    liaison.force_login(world.liaison_a)
    pages = [
        "/rectification/",
        f"/rectification/stations/{world.station_a.pk}/",
        "/rectification/items/?overdue=true",
        f"/rectification/findings/{world.finding_a.pk}/items/new/",
        "/rectification/letters/",
        "/rectification/rates/?by=round",
        "/inbox/",
        "/",
    ]
    for url in pages:
        assert liaison.get(url).status_code == 200, url
        assert office.get(url).status_code == 200, url
    assert (
        office.get(f"/rectification/stations/{world.station_a.pk}/letters/new/").status_code == 200
    )
    assert (
        liaison.get(f"/rectification/findings/{world.finding_b.pk}/items/new/").status_code == 404
    )


def test_liaison_breaks_a_finding_into_an_item_on_the_page(world):
    liaison = Client()
    liaison.force_login(world.liaison_a)
    url = f"/rectification/findings/{world.finding_a.pk}/items/new/"
    response = liaison.post(url, {"measures": "", "kind": "immediate", "deadline": "2024-05-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "measures" in form.errors
    response = liaison.post(
        url,
        {"measures": "建章立制", "kind": "immediate", "deadline": "2024-05-01"},
    )
    assert "完成时限不能早于反馈日期。" in response.context["form"].errors["deadline"]
    response = liaison.post(
        url,
        {
            "measures": "建章立制",
            "kind": "long_term",
            "deadline": "2024-12-31",
            "responsible_department": "办公室",
            "responsible_user": world.liaison_a.pk,
        },
    )
    assert response.status_code == 302
    assert world.finding_a.rectification_items.filter(measures="建章立制").exists()
