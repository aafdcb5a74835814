"""The personal inbox."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from inspection.notifications.models import Notification
from inspection.notifications.services import mark_read
from inspection.views import ScopedListView


class InboxView(ScopedListView):
    queryset = Notification.objects.select_related("reminder")
    template_name = "notifications/inbox.html"


@login_required
@require_POST
def read_all(request):
    pks = request.POST.getlist("pk") or None
    mark_read(request.user, pks)
    return redirect("notifications:inbox")
