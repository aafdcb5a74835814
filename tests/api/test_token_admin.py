import pytest
from auditlog.models import LogEntry

from inspection.accounts.models import ApiToken, Role
from tests.support.factories import make_user


@pytest.mark.django_db
def test_office_revokes_a_token_in_the_admin_and_it_is_audited(client):
    admin = make_user(Role.OFFICE, is_staff=True, is_superuser=True)
    holder = make_user(Role.API_CLIENT)
    token, secret = ApiToken.issue(holder, "对接")
    client.force_login(admin)
    page = client.get("/admin/accounts/apitoken/").content.decode()
    assert "对接" in page and secret not in page
    response = client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and ApiToken.objects.find(secret) is None
    entry = LogEntry.objects.get_for_object(token).latest("timestamp")
    assert entry.actor == admin and "revoked_at" in entry.changes_dict
