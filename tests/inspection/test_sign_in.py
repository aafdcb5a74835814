"""Signing in: lockout after failed passwords, two-factor sign-in, password pages, timeouts."""

import datetime
import re
import time

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspection.accounts.models import ApiToken, SignInLockout

PASSWORD = "pw-12345-test"  # tests.support.factories.make_user's password

ADDRESS = "10.1.2.3"  # one office behind one NAT address
OTHER_ADDRESS = "10.9.9.9"


def sign_in(client, username, password=PASSWORD, address=ADDRESS):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def code_for(device, ahead=30):
    """The authenticator's code, one step ahead (accepted, and never a reused step)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead
    return f"{totp.token():0{device.digits}d}"


# --- Lockout -------------------------------------------------------------------------------


def test_thirty_wrong_passwords_lock_that_account_only_and_it_unlocks(users, client):
    for _ in range(30):
        assert sign_in(client, "office", "wrong-password").status_code in (200, 429)
    refused = sign_in(client, "office")
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.content.decode()
    assert not signed_in(client)
    # Locked from any address, not only the one the guesses came from.
    assert sign_in(client, "office", address=OTHER_ADDRESS).status_code == 429
    # Another account behind the same address signs in at once.
    assert sign_in(client, "member_a").status_code == 302
    assert signed_in(client)
    client.logout()
    # The lock ends by itself after the cool-off.
    with time_machine.travel(datetime.timedelta(minutes=31), tick=True):
        assert sign_in(client, "office").status_code == 302
        assert signed_in(client)


def test_ten_failures_at_one_address_lock_the_account_there_only(users, client):
    for _ in range(10):
        sign_in(client, "office", "wrong-password")
    assert sign_in(client, "office").status_code == 429
    assert sign_in(client, "office", address=OTHER_ADDRESS).status_code == 302


@override_settings(AXES_COOLOFF_TIME=datetime.timedelta(seconds=2))
def test_short_cool_off_setting_unlocks(users, client):
    for _ in range(10):
        sign_in(client, "office", "wrong-password")
    assert sign_in(client, "office").status_code == 429
    with time_machine.travel(datetime.timedelta(seconds=3), tick=True):
        assert sign_in(client, "office").status_code == 302


def test_a_lockout_is_recorded_once_and_listed_for_office_staff(users, client):
    for _ in range(12):
        sign_in(client, "leader_a", "wrong-password")
    lockout = SignInLockout.objects.get()
    assert (lockout.username, lockout.user, lockout.ip_address) == (
        "leader_a",
        users.leader_a,
        ADDRESS,
    )
    assert lockout.scope == SignInLockout.Scope.ADDRESS
    assert lockout.failures == 10 and lockout.refused_attempts == 2
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(lockout).exists()

    client.force_login(users.office)
    page = client.get("/account/lockouts/")
    assert page.status_code == 200 and "leader_a" in page.content.decode()
    client.force_login(users.member_a)
    assert client.get("/account/lockouts/").status_code == 404


def test_operator_unlocks_an_account(users, client):
    for _ in range(30):
        sign_in(client, "office", "wrong-password")
    assert sign_in(client, "office").status_code == 429
    call_command("axes_reset_username", "office")
    assert sign_in(client, "office").status_code == 302


# --- Two-factor sign-in --------------------------------------------------------------------


@override_settings(REQUIRE_2FA=True)
def test_office_staff_set_up_an_authenticator_then_need_a_code(users, client):
    sign_in(client, "office")
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/account/two-factor/setup/")
    page = client.get("/account/two-factor/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=users.office, confirmed=False)
    assert client.post("/account/two-factor/setup/", {"code": "000000"}).status_code == 400
    # A wrong code makes the device wait a second before the next try (django-otp throttling).
    assert client.post("/account/two-factor/setup/", {"code": code_for(device)}).status_code == 400
    with time_machine.travel(datetime.timedelta(seconds=3), tick=True):
        done = client.post("/account/two-factor/setup/", {"code": code_for(device)})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200

    client.post("/logout/")
    response = sign_in(client, "office")
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/account/two-factor/verify/")
    assert client.get("/petitions/").status_code == 302
    # A recovery code works once.
    assert client.post("/account/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    sign_in(client, "office")
    assert client.post("/account/two-factor/verify/", {"code": codes[0]}).status_code == 400
    assert client.get("/").status_code == 302


@override_settings(REQUIRE_2FA=True)
def test_members_sign_in_with_the_password_alone(users, client):
    sign_in(client, "member_a")
    assert client.get("/").status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_group_heads_must_set_up_two_factor(users, client):
    for name in ("leader_a", "deputy_a"):
        sign_in(client, name)
        assert client.get("/")["Location"].startswith("/account/two-factor/setup/")
        client.post("/logout/")


@override_settings(REQUIRE_2FA=False)
def test_without_enforcement_a_user_who_chose_two_factor_is_still_asked(users, client):
    sign_in(client, "office")
    assert client.get("/").status_code == 200  # enforcement off: password alone
    client.get("/account/two-factor/setup/")
    device = TOTPDevice.objects.get(user=users.office)
    client.post("/account/two-factor/setup/", {"code": code_for(device)})
    client.post("/logout/")
    sign_in(client, "office")
    assert client.get("/")["Location"].startswith("/account/two-factor/verify/")


@override_settings(REQUIRE_2FA=True)
def test_api_tokens_are_their_own_factor(users, client):
    _token, secret = ApiToken.issue(users.office, "统计系统对接")
    response = client.get("/api/v1/stations/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    # A browser session that has not passed the second step gets nothing from the API.
    sign_in(client, "office")
    refused = client.get("/api/v1/stations/")
    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_required"
    # Another scheme in the header does not skip the second step.
    assert client.get("/api/v1/stations/", HTTP_AUTHORIZATION="Basic eDp5").status_code == 403


@override_settings(REQUIRE_2FA=True)
def test_operator_resets_a_lost_authenticator(users, client):
    sign_in(client, "office")
    client.get("/account/two-factor/setup/")
    device = TOTPDevice.objects.get(user=users.office)
    client.post("/account/two-factor/setup/", {"code": code_for(device)})
    client.post("/logout/")
    call_command("reset_two_factor", "office")
    sign_in(client, "office")
    assert client.get("/")["Location"].startswith("/account/two-factor/setup/")


def test_two_factor_is_off_under_tests_and_in_the_demo(settings):
    assert settings.REQUIRE_2FA is False


# --- Password pages ------------------------------------------------------------------------


def test_password_change_in_the_site_layout_with_validators(users, client):
    client.force_login(users.member_a)
    page = client.get("/account/password/")
    assert page.status_code == 200 and 'class="topbar"' in page.content.decode()
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200 and not users.member_a.__class__.objects.get(
        pk=users.member_a.pk
    ).check_password("12345678")
    strong = "巡视-Strong-Pass-2026"
    done = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong},
    )
    assert done.status_code == 302
    users.member_a.refresh_from_db()
    assert users.member_a.check_password(strong)


def test_password_reset_by_mail(users, client):
    users.member_a.email = "member@example.org"
    users.member_a.save()
    page = client.get("/password-reset/")
    assert page.status_code == 200 and 'class="topbar"' in page.content.decode()
    client.post("/password-reset/", {"email": "member@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    strong = "巡视-Reset-Pass-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": strong, "new_password2": strong}
    )
    assert done.status_code == 302
    users.member_a.refresh_from_db()
    assert users.member_a.check_password(strong)


# --- Session timeouts ----------------------------------------------------------------------


def test_idle_session_ends_after_thirty_minutes(users, client):
    sign_in(client, "member_a")
    with time_machine.travel(datetime.timedelta(minutes=29), tick=True):
        assert client.get("/").status_code == 200
    with time_machine.travel(datetime.timedelta(minutes=29 + 31), tick=True):
        response = client.get("/petitions/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert not signed_in(client)


@override_settings(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
def test_session_ends_after_its_absolute_time_even_when_busy(users, client):
    sign_in(client, "member_a")
    for minutes in range(4, 60, 4):
        with time_machine.travel(datetime.timedelta(minutes=minutes), tick=True):
            assert client.get("/").status_code == 200
    with time_machine.travel(datetime.timedelta(minutes=62), tick=True):
        assert client.get("/")["Location"].startswith("/login/")
        # The API answers as to anyone without a session.
    assert client.get("/api/v1/stations/").status_code == 401
