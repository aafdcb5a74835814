"""Walks the OpenAPI schema's list endpoints and compares each list with `visible_to(user)`.

Generic on purpose: an endpoint added later is walked as soon as it is in the schema.
"""

import json

from django.urls import resolve
from rest_framework.test import APIClient

from inspection.api.viewsets import ScopedViewSetMixin
from tests.support.api import schema_client


def load_schema():
    response = schema_client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def _resolve_ref(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _returns_a_list(schema, operation):
    body = operation.get("responses", {}).get("200", {}).get("content", {})
    media = body.get("application/json")
    if media is None:
        return False
    node = _resolve_ref(schema, media["schema"])
    if node.get("type") == "array":
        return True
    results = node.get("properties", {}).get("results")
    return node.get("type") == "object" and results is not None and results.get("type") == "array"


def list_endpoints(schema):
    """GET paths without a path parameter whose 200 answer is a (paginated) list of the
    viewset's own objects (its `list` action; extra actions such as figures are summaries)."""
    return sorted(
        path
        for path, item in schema["paths"].items()
        if "{" not in path
        and "get" in item
        and _returns_a_list(schema, item["get"])
        and _is_list_action(path)
    )


def _is_list_action(path):
    actions = getattr(resolve(path).func, "actions", None)
    return actions is None or actions.get("get") == "list"


def viewset_of(path):
    return getattr(resolve(path).func, "cls", None)


def listed_ids(client, url):
    ids, next_url = set(), url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        assert all("id" in row for row in rows), f"{url}: list rows must carry their id"
        ids |= {row["id"] for row in rows}
        next_url = body.get("next") if isinstance(body, dict) else None
    return ids


def scope_violations(schema, users):
    """Messages for every list endpoint that is not a scoped viewset or lists the wrong ids."""
    problems = []
    for path in list_endpoints(schema):
        view = viewset_of(path)
        if view is None or not issubclass(view, ScopedViewSetMixin):
            problems.append(f"{path}: {view} does not derive from ScopedViewSetMixin")
            continue
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            problems.append(f"{path}: {view.__name__} declares no `queryset`; its model is unknown")
            continue
        model = queryset.model
        universe = set(model.objects.values_list("pk", flat=True))
        for user in users:
            api = APIClient()
            api.force_authenticate(user)
            got = listed_ids(api, path) & universe
            want = set(
                model.objects.visible_to(user).filter(pk__in=universe).values_list("pk", flat=True)
            )
            if got != want:
                problems.append(
                    f"{path} as {user.username} ({user.role}): listed {sorted(got)},"
                    f" visible_to gives {sorted(want)}"
                )
    return problems
