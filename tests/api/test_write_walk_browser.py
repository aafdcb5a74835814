"""Every browser URL of the case apps that accepts POST, for every role on both sides of the
world and anonymously: who may act succeeds, everyone else gets 403/404 (anonymous users the
login page) and changes nothing. The deliberately unguarded views are in test_write_walk."""

import pytest

from tests.api.test_write_walk import _report
from tests.api.write_spec import BROWSER_PARTS, BROWSER_SPEC
from tests.api.write_walk import post_url_names, walk_browser

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_browser_post_url_has_a_declared_expectation(db):
    names = post_url_names()
    assert "rectification:plan-action" in names and "tours:station-contact" in names
    assert sorted(set(names) - {name for name, _ in BROWSER_SPEC}) == []


@pytest.mark.parametrize("part", sorted(BROWSER_PARTS))
def test_browser_walk(users, part):
    declared = BROWSER_PARTS[part]
    result = walk_browser(users, BROWSER_SPEC, select=lambda key: key in declared)
    _report(f"browser-{part}", result.problems)
    assert len(result.operations) == len(declared)
    sides = sum(
        1 if expect.read_only else 2
        for (name, _variant), expect in declared.items()
        if name not in {" ".join(op.split()[1:2]) for op in result.missing}
    )
    assert len(result.outcomes) == sides * (len(users.all_users) + 1)
    acting = [o for o in result.operations if o not in result.read_only | set(result.missing)]
    assert not [op for op in acting if not result.successes(op)], result.problems
    assert result.problems == []
