"""/api/v1/: each app contributes its own router; this module only stitches them together."""

from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse

from findings.api import urls as findings_urls
from petitions.api import urls as petitions_urls
from rectification.api import urls as rectification_urls
from tours.api import urls as tours_urls

APP_ROUTERS = (tours_urls, petitions_urls, findings_urls, rectification_urls)


@extend_schema(
    operation_id="api_root",
    responses=inline_serializer(
        "ApiRoot", {"links": serializers.DictField(child=serializers.URLField())}
    ),
)
@api_view(["GET"])
def api_root(request, format=None):
    """The list endpoints of this API version, by name."""
    links = {}
    for module in APP_ROUTERS:
        for prefix, _viewset, basename in module.router.registry:
            links[prefix] = reverse(f"{basename}-list", request=request, format=format)
    return Response({"links": links})


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def unknown_endpoint(request, rest=""):
    """Any other path under /api/v1/ answers 404 in the common error format, not an HTML page."""
    raise exceptions.NotFound(_("没有这个接口。"))


urlpatterns = [
    path("", api_root, name="api-root"),
    *(path("", include(module)) for module in APP_ROUTERS),
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]
