"""The personal inbox."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from inspection.notifications.models import Notification
from inspection.notifications.services import mark_read, unmailed_recipients
from inspection.views import ScopedListView


class InboxView(ScopedListView):
    queryset = Notification.objects.select_related("reminder")
    template_name = "notifications/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_office_staff:
            context["unmailed_people"] = unmailed_recipients().count()
        return context


@login_required
@require_POST
def read_all(request):
    pks = request.POST.getlist("pk") or None
    mark_read(request.user, pks)
    return redirect("notifications:inbox")


class UnmailedView(LoginRequiredMixin, ListView):
    """For office staff: people without an email address whose reminders no email carried."""

    template_name = "notifications/unmailed.html"
    paginate_by = 50

    def get_queryset(self):
        if not self.request.user.is_office_staff:
            raise Http404
        return unmailed_recipients()
