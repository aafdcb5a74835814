from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(pagination.CursorPagination):
    """For the big lists: stable under inserts, constant cost at any depth."""

    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
