"""Need-to-know scoping: one visibility method per model.

Every case model's manager is built from a `ScopedQuerySet` subclass that implements
`visible_to(user)`. The base browser views (inspection.views) and the base API viewsets
(inspection.api.viewsets) call it for every request, so a page or endpoint cannot forget
it; lists, details, counts, exports, searches and dashboards all start from it.

Objects outside a user's scope are simply absent: a detail request for one answers 404.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):  # pragma: no cover - every subclass implements it
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")

    def _anonymous_or_inactive(self, user) -> bool:
        return user is None or not user.is_authenticated or not user.is_active


def scoped(queryset, user):
    """Apply the model's visibility method; refuse a model that has none."""
    if not hasattr(queryset, "visible_to"):
        raise ImproperlyConfigured(
            f"{queryset.model.__name__} has no visible_to(user); scoped views need one."
        )
    return queryset.visible_to(user)


class ScopedPrefetch(models.Prefetch):
    """A prefetch whose rows pass through the related model's `visible_to(user)`.

        Petition.objects.prefetch_related(ScopedPrefetch("transfers", user, Transfer.objects))

    Related rows shown on a page or in an API answer (transfers, leads, items, evidence) are
    then exactly those the user may see, in one query however many parents there are.
    """

    def __init__(self, lookup, user, queryset, to_attr=None):
        self.user = user
        queryset = getattr(queryset, "all", lambda: queryset)()
        super().__init__(lookup, scoped(queryset, user), to_attr)
