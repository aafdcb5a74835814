"""The user's own account pages: API tokens, two-factor sign-in, and the lockout list."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspection.accounts import two_factor
from inspection.accounts.forms import ApiTokenForm, TwoFactorCodeForm
from inspection.accounts.models import ApiToken, SignInLockout

TEMPLATE = "accounts/api_tokens.html"


def _page(request, form, new_secret=None, status=200):
    tokens = ApiToken.objects.visible_to(request.user)
    context = {"form": form, "tokens": tokens, "new_secret": new_secret}
    return render(request, TEMPLATE, context, status=status)


@login_required
def api_tokens(request):
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    days = form.cleaned_data["expires_in_days"]
    expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
    _token, secret = ApiToken.issue(request.user, form.cleaned_data["name"], expires_at)
    # The secret is in this one response only; it is stored nowhere (only its hash is).
    response = _page(request, ApiTokenForm(), new_secret=secret)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_api_token(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    token.revoke()
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("api-tokens")


# --- Two-factor sign-in and account security -------------------------------------------------


def _next_url(request, default="home"):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@login_required
def two_factor_setup(request):
    """Set up (or replace) the authenticator: QR code and key, then a first code."""
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        return redirect(
            reverse("two-factor-verify") + "?" + urlencode({"next": _next_url(request)})
        )
    device = two_factor.draft_authenticator(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            context = {"codes": codes, "next": _next_url(request)}
            response = render(request, "accounts/recovery_codes.html", context)
            response["Cache-Control"] = "no-store"
            return response
        form.add_error("code", _("验证码不正确，请核对手机时间后重新输入最新的验证码。"))
    context = {
        "form": form,
        "qr_svg": mark_safe(two_factor.qr_svg(device)),  # drawn by segno here
        "secret": two_factor.secret_of(device),
        "required": settings.REQUIRE_2FA and two_factor.is_required_for(request.user),
        "replacing": two_factor.has_authenticator(request.user),
        "next": request.GET.get("next", ""),
    }
    response = render(
        request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_verify(request):
    """The second sign-in step: a code from the authenticator, or a recovery code."""
    if request.user.is_verified() or not two_factor.has_authenticator(request.user):
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("验证码不正确或已使用。多次输错后需等待更长时间才能再试。"))
    context = {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")}
    return render(
        request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200
    )


@login_required
def security(request):
    """账号安全: two-factor status, recovery codes, password."""
    user = request.user
    context = {
        "has_authenticator": two_factor.has_authenticator(user),
        "required": two_factor.is_required_for(user),
        "enforced": settings.REQUIRE_2FA,
        "recovery_left": two_factor.remaining_recovery_codes(user),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def regenerate_recovery_codes(request):
    if not (request.user.is_verified() and two_factor.has_authenticator(request.user)):
        return redirect("account-security")
    codes = two_factor.new_recovery_codes(request.user)
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("account-security")},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def lockouts(request):
    """登录锁定记录: bursts of failed sign-ins, for office staff."""
    if not request.user.is_office_staff:
        raise Http404
    from django.core.paginator import Paginator

    page = Paginator(SignInLockout.objects.select_related("user"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "accounts/lockouts.html", {"page_obj": page, "lockouts": page.object_list}
    )
