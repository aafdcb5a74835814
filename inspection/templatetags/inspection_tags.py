from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (keeps filters when paging)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def transitions(context, obj):
    """The transitions the signed-in user may run on `obj` now, by name.

    {% transitions finding as can %}{% if can.approve %}<button …>{{ can.approve.label }}{% endif %}
    Templates ask this (the same predicate the service asks), never the status itself.
    """
    from inspection.workflow import workflow_for

    flow = workflow_for(obj)
    if flow is None or obj is None:
        return {}
    return {t.name: t for t in flow.available(context["request"].user, obj)}


@register.simple_tag(takes_context=True)
def may(context, permission, obj=None):
    """{% may "findings.add_paper" finding as can_add %}: the predicate a service asks."""
    from inspection.permissions import may as _may

    return _may(context["request"].user, permission, obj)


@register.simple_tag(takes_context=True)
def may_somewhere(context, permission):
    """{% may_somewhere "findings.log_finding" as can_log %}: offer a create link only to a
    user who could submit it somewhere (the check the page itself makes)."""
    from inspection.permissions import may_somewhere as _may_somewhere

    return _may_somewhere(context["request"].user, permission)


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:row.state }}: a label chosen by the view, not by the template."""
    return mapping.get(key, "") if mapping else ""
