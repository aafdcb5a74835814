"""A link a page offers leads somewhere the user may go: no create link ends in a 403."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/petitions/", "/findings/", "/findings/leads/", "/findings/talks/"]
CREATE_LINK = re.compile(r'href="(/[^"?#]*(?:/new/|/import/))"')


def _offered_create_links(client):
    links = set()
    for page in PAGES:
        response = client.get(page)
        if response.status_code == 200:
            links |= set(CREATE_LINK.findall(response.content.decode()))
    return links


def test_every_offered_create_link_opens_for_every_role(users):
    offered = {}
    for user in users.all_users:
        client = Client()
        client.force_login(user)
        links = _offered_create_links(client)
        offered[user.username] = links
        for link in links:
            assert client.get(link).status_code == 200, (user.username, link)
    # The walk is not vacuous: the group logs findings, the office registers petitions, and
    # read-only roles are offered nothing.
    assert "/findings/new/" in offered["member_a"]
    assert "/petitions/new/" in offered["office"]
    assert "/findings/new/" not in offered["office"]
    assert offered["leadership"] == offered["apiclient"] == set()
