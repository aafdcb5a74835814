"""Assert that each user sees exactly the objects they should, through every path.

    assert_visibility(
        Station,
        {world.member_a: [world.station_a], world.office: [world.station_a, world.station_b]},
        api_list="/api/v1/stations/",
        api_detail="/api/v1/stations/{pk}/",
        page_detail="/tours/stations/{pk}/",
    )

For each user: the model's `visible_to` queryset and its count; the API list (all pages);
the API and page details of every object in the universe (200 inside scope, 404 outside);
the page list's object_list; and an export, given as (url, parse) where `parse(response)`
returns the exported primary keys.
"""

from django.test import Client
from rest_framework.test import APIClient


def _ids(objects):
    return {obj.pk for obj in objects}


def _api_list_ids(client, url):
    ids, next_url = set(), url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        rows = body["results"] if isinstance(body, dict) and "results" in body else body
        ids |= {row["id"] for row in rows}
        next_url = body.get("next") if isinstance(body, dict) else None
    return ids


def assert_visibility(
    model,
    expected: dict,
    *,
    universe=None,
    api_list=None,
    api_detail=None,
    page_list=None,
    page_detail=None,
    export=None,
):
    universe_ids = _ids(universe if universe is not None else model.objects.all())
    assert universe_ids, "the universe is empty: nothing would be proven"
    for user, visible in expected.items():
        want = _ids(visible)
        label = f"{user.username} ({user.role}) on {model.__name__}"
        got = set(
            model.objects.visible_to(user).filter(pk__in=universe_ids).values_list("pk", flat=True)
        )
        assert got == want, f"{label}: queryset saw {sorted(got)}, expected {sorted(want)}"
        assert model.objects.visible_to(user).filter(pk__in=universe_ids).count() == len(want), (
            label
        )

        api, browser = APIClient(), Client()
        api.force_authenticate(user)
        browser.force_login(user)
        if api_list:
            got = _api_list_ids(api, api_list) & universe_ids
            assert got == want, f"{label}: API list saw {sorted(got)}, expected {sorted(want)}"
        if page_list:
            response = browser.get(page_list)
            assert response.status_code == 200, (label, page_list, response.status_code)
            got = {obj.pk for obj in response.context["object_list"]} & universe_ids
            assert got == want, f"{label}: page list saw {sorted(got)}, expected {sorted(want)}"
        for pk in universe_ids:
            status = 200 if pk in want else 404
            if api_detail:
                code = api.get(api_detail.format(pk=pk)).status_code
                assert code == status, (
                    f"{label}: API detail {pk} answered {code}, expected {status}"
                )
            if page_detail:
                code = browser.get(page_detail.format(pk=pk)).status_code
                assert code == status, f"{label}: page {pk} answered {code}, expected {status}"
        if export:
            url, parse = export
            response = browser.get(url)
            assert response.status_code == 200, (label, url, response.status_code)
            got = set(parse(response)) & universe_ids
            assert got == want, f"{label}: export held {sorted(got)}, expected {sorted(want)}"
