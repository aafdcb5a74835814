"""Base browser views that apply need-to-know scoping, and the shared pages."""

from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView, TemplateView

from inspection.scoping import scoped


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Narrows `get_queryset()` to what the requesting user may see."""

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """An object outside the user's scope is not found (404), never forbidden (403)."""


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "inspection/home.html"


def object_history(request, queryset, pk, template="inspection/history.html"):
    """The audit history of one object, after the object itself passed the scope check."""
    if not request.user.is_authenticated or not request.user.reads_audit_history:
        raise Http404
    obj = get_object_or_404(scoped(queryset, request.user), pk=pk)
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, template, {"object": obj, "page_obj": page, "entries": page.object_list})


def bad_request(request, exception=None):
    """Django's own 400 (too many fields, a malformed multipart body): the API's error shape
    under /api/, the site's page elsewhere."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _
    from django.views.defaults import bad_request as page

    if request.path.startswith("/api/"):
        body = {
            "status": 400,
            "code": "invalid",
            "message": _("请求无法解析（字段过多或格式有误）。"),
            "fields": {},
        }
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    return page(request, exception)
