"""Failed sign-ins: counting, locking out, the lockout answer and its record.

django-axes records every failed sign-in (`axes.AccessAttempt`, by account, address and
browser). Two counts decide a lockout, both over the failures of the last
`AXES_COOLOFF_TIME`:

- the account's failures from every address reach `AXES_FAILURE_LIMIT` (30): the account is
  locked wherever it signs in from;
- the account's failures from one address reach `LOGIN_FAILURE_LIMIT_PER_ADDRESS` (10): the
  account is locked at that address only.

Attempts while locked are refused and still counted (axes' default), so 30 wrong passwords
lock the account everywhere even when they all come from one address, and the lock ends
`LOGIN_LOCKOUT_MINUTES` after the last attempt. An address alone is never locked: the staff of
one office sign in from one NAT address, and one person's mistakes must not lock out the others.
Each lockout is recorded once per burst (`SignInLockout`, audited) and listed for office staff.
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the header a trusted reverse proxy sets."""
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR")


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class SignInAttemptHandler(AxesDatabaseHandler):
    """axes' database handler with a lower limit for one account at one address.

    axes compares one number with one limit; the per-address count is scaled to the account
    limit, so either count reaching its own limit locks (the account, or the account there).
    """

    def get_failures(self, request, credentials=None) -> int:
        account, at_address = self.get_user_attempts(request, credentials)
        return max(_failures(account), _scaled(_failures(at_address)))


def _scaled(failures_at_address: int) -> int:
    per_address = max(1, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)
    return math.floor(failures_at_address * settings.AXES_FAILURE_LIMIT / per_address)


def lockout_minutes(request=None) -> int:
    cool_off = get_cool_off(request)
    return math.ceil(cool_off.total_seconds() / 60) if cool_off else 0


def lockout_message(request=None) -> str:
    return _(
        "登录失败次数过多，该账号已被暂时锁定。请在 %(minutes)s 分钟内不再尝试，之后自动解锁；"
        "如需立即解锁，请联系巡视办。"
    ) % {"minutes": lockout_minutes(request)}


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, with the lockout explained (429)."""
    from django.contrib.auth.forms import AuthenticationForm

    form = AuthenticationForm(request, initial={"username": get_client_username(request)})
    context = {"form": form, "lockout_message": lockout_message(request), "next": ""}
    return render(request, "registration/login.html", context, status=429)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    """One row per burst: a new lockout, or the running one's count of refused attempts."""
    from inspection.accounts.models import SignInLockout

    username = (username or "")[:150]
    now = timezone.now()
    since = now - (get_cool_off(request) or datetime.timedelta(0))
    running = (
        SignInLockout.objects.filter(username=username, ip_address=ip_address)
        .filter(last_attempt_at__gte=since)
        .order_by("-locked_at")
        .first()
    )
    if running is not None:
        SignInLockout.objects.filter(pk=running.pk).update(
            refused_attempts=running.refused_attempts + 1, last_attempt_at=now
        )
        return
    from axes.models import AccessAttempt

    user = get_user_model().objects.filter(username=username).first() if username else None
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    failures = _failures(recent)
    whole_account = failures >= settings.AXES_FAILURE_LIMIT
    SignInLockout.objects.create(
        username=username,
        user=user,
        ip_address=ip_address,
        scope=SignInLockout.Scope.ACCOUNT if whole_account else SignInLockout.Scope.ADDRESS,
        failures=failures if whole_account else _failures(recent.filter(ip_address=ip_address)),
        locked_at=now,
        last_attempt_at=now,
        user_agent=(request.META.get("HTTP_USER_AGENT") or "")[:255],
    )
