"""The dashboard page and each chart's data as JSON, both for the requesting user only."""

from csp.decorators import csp_update
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from inspection.dashboards.registry import SECTIONS, charts, get_chart
from inspection.dashboards.selection import Selection


def chart_payload(chart, user, selection):
    data = chart.compute(user, selection)
    return {"key": chart.key, "title": str(chart.title), **data.as_json()}


# plotly.js adds its style rules through the CSS object model into <style> elements it creates
# empty, and injects its map library's fixed stylesheet on load. Only these two contents are
# allowed, by hash, on this page alone: no other inline style, and no script, may run.
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty <style>
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # maplibre's stylesheet
]


@login_required
@csp_update({"style-src": PLOTLY_STYLE_HASHES})
def dashboard(request):
    selection = Selection.from_request(request)
    sections = []
    for key, title in SECTIONS.items():
        payloads = [
            chart_payload(chart, request.user, selection)
            for chart in charts()
            if chart.section == key
        ]
        if payloads:
            sections.append({"key": key, "title": title, "charts": payloads})
    Term, Round = apps.get_model("tours", "Term"), apps.get_model("tours", "Round")
    context = {
        "sections": sections,
        "selection": selection,
        "payloads": [p for section in sections for p in section["charts"]],
        "terms": Term.objects.visible_to(request.user),
        "rounds": Round.objects.visible_to(request.user).select_related("term"),
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def chart_data(request, key):
    chart = get_chart(key)
    if chart is None:
        raise Http404
    selection = Selection.from_request(request)
    return JsonResponse(chart_payload(chart, request.user, selection))
