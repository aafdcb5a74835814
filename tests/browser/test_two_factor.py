"""Two-factor sign-in in Chromium: office staff set up an authenticator at first sign-in."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.pages import BasePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345-test"  # tests.support.factories.make_user's password


def code_for(device):
    """The code the phone app would show (one step ahead: accepted, never a reused step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + 30
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_office_staff_set_up_two_factor_at_first_sign_in(users, desktop, settings, screenshot):
    settings.REQUIRE_2FA = True
    page = desktop

    sign_in(page, "office")
    page.wait_for_url("**/account/two-factor/setup/**")
    assert page.locator("#totp-qr svg").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    device = TOTPDevice.objects.get(user=users.office, confirmed=False)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip("=")
    screenshot(page, "setup")

    page.fill("#id_code", code_for(device))
    BasePage(page).submit("确认")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("#recovery-done")
    page.wait_for_url(lambda url: "/account/" not in url)
    assert page.locator("main h1").count() >= 1 and "/login/" not in page.url

    # Sign out; the next sign-in asks for the code before anything else.
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    sign_in(page, "office")
    page.wait_for_url("**/account/two-factor/verify/**")
    page.goto("/petitions/")
    assert "/account/two-factor/verify/" in page.url
    page.fill("#id_code", code_for(device))
    BasePage(page).submit("验证")
    assert "/petitions/" in page.url
    assert page.locator("main h1").first.is_visible()
