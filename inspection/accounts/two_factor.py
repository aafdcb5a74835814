"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes.

Built on django-otp: a user's authenticator is a `TOTPDevice`, their recovery codes the tokens
of one `StaticDevice`. Every function here acts on the acting user's own account, except
`reset`, which is the operator's (`manage.py reset_two_factor`).

Who must use it: with `REQUIRE_2FA` on, office staff, administrators, and the leaders and
deputy leaders of inspection groups (the roles that may reveal a reporter's identity). Anyone
else may set it up; whoever has a confirmed authenticator is asked for a code at every sign-in.
"""

import io

import segno
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


def heads_a_group(user) -> bool:
    """Leader or deputy leader of any inspection group (they may reveal identities)."""
    member = apps.get_model("tours", "Member")
    return member.objects.filter(person__user=user, role__in=("leader", "deputy")).exists()


def is_required_for(user) -> bool:
    """Whether this user must use two-factor sign-in (when enforcement is on)."""
    if not user.is_active:
        return False
    return user.is_superuser or user.is_staff or user.is_office_staff or heads_a_group(user)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_step(user):
    """What a signed-in, not yet verified user must do first: "verify", "setup" or None."""
    if has_authenticator(user):
        return "verify"
    if settings.REQUIRE_2FA and is_required_for(user):
        return "setup"
    return None


def draft_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def secret_of(device) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here (no outside service)."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, nl=False
    )
    return out.getvalue().decode()


@transaction.atomic
def confirm_authenticator(request, device, code: str):
    """Check a first code from the app; on success the authenticator replaces any older one.

    Returns the new recovery codes (shown once), or None when the code is wrong.
    """
    user = request.user
    if device.user_id != user.pk or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, code: str) -> bool:
    """A code from the authenticator or an unused recovery code; marks the session verified.

    Each device throttles its own failures (django-otp: the wait doubles after each).
    """
    user = request.user
    code = (code or "").strip().replace(" ", "").lower()
    if not code:
        return False
    with transaction.atomic():
        candidates = [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]
        token = _digits(code)
        for device in candidates:
            if device.verify_token(token if isinstance(device, TOTPDevice) else code):
                otp_login(request, device)
                return True
    return False


def reset(user) -> int:
    """Operator's reset: removes the user's authenticator and recovery codes.

    At the next sign-in the user sets up a new authenticator (when it is required of them) or
    signs in with the password alone. Returns the number of devices removed.
    """
    with transaction.atomic():
        totp, _ = TOTPDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.filter(user=user).count()
        StaticDevice.objects.filter(user=user).delete()
    return (totp or 0) + static


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())
