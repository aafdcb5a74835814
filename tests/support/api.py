"""API clients for tests."""

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from inspection.accounts.models import Role


def schema_client():
    """A client signed in as a (never saved) user: the schema is served to signed-in users
    only, and its content does not depend on who reads it."""
    api = APIClient()
    api.force_authenticate(get_user_model()(username="schema-reader", role=Role.OFFICE))
    return api
