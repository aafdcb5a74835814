"""/api/v1/: each app contributes its own router; this module only stitches them together."""

from django.urls import include, path
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse

from findings.api import urls as findings_urls
from petitions.api import urls as petitions_urls
from rectification.api import urls as rectification_urls
from tours.api import urls as tours_urls

APP_ROUTERS = (tours_urls, petitions_urls, findings_urls, rectification_urls)


@api_view(["GET"])
def api_root(request, format=None):
    """The list endpoints of this API version."""
    links = {}
    for module in APP_ROUTERS:
        for prefix, _viewset, basename in module.router.registry:
            links[prefix] = reverse(f"{basename}-list", request=request, format=format)
    return Response(links)


urlpatterns = [
    path("", api_root, name="api-root"),
    *(path("", include(module)) for module in APP_ROUTERS),
]
