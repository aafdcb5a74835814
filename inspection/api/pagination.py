"""Pagination for API lists.

Page numbers are the default. A viewset over a big table (petitions, rectification items,
audit entries) opts in to cursor pagination with one line:

    class PetitionViewSet(ScopedReadOnlyModelViewSet):
        pagination_class = CursorPagination
        cursor_ordering = ("-received_at", "-id")   # optional; defaults to "-id"

A cursor page costs the same at any depth and stays stable while rows are inserted. When the
viewset also offers `ordering_fields`, a client's `?ordering=` is honoured; order by something
unique (or ending in the id) for a stable cursor, and by the model's own columns (`group_id`,
not `group__name`): the cursor stores the last row's values of those attributes.
"""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(pagination.CursorPagination):
    """For the big lists: stable under inserts, constant cost at any depth."""

    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"

    def get_ordering(self, request, queryset, view):
        # A viewset may declare its own default order for the cursor.
        ordering = getattr(view, "cursor_ordering", None)
        if ordering and not request.query_params.get("ordering"):
            return (ordering,) if isinstance(ordering, str) else tuple(ordering)
        return super().get_ordering(request, queryset, view)
