import pytest

from tests.dashboards.cases import add_cases


@pytest.fixture
def figures(users):
    """The world plus cases on both sides; the tests' expected figures are counted from here."""
    return add_cases(users)
