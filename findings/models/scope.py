"""Shared need-to-know rules for the group's own records."""

from tours.models import Station


def group_records(queryset, user, station_path="station"):
    """Office-wide roles see all; officials and unit liaisons none; group members their stations.

    Working papers, talk records and document requests are the group's working material: a
    receiving body or the inspected unit never sees them.
    """
    if queryset._anonymous_or_inactive(user):
        return queryset.none()
    if user.sees_office_wide:
        return queryset.all()
    if user.is_official or user.is_liaison:
        return queryset.none()
    return queryset.filter(**{f"{station_path}__in": Station.objects.visible_to(user)})
