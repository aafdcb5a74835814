"""The "API 令牌" page: a user creates and revokes their own personal tokens."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspection.accounts.forms import ApiTokenForm
from inspection.accounts.models import ApiToken

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
