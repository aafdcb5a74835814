"""Builders for petition tests; everything goes through the services users go through."""

import datetime

from django.utils import timezone

from petitions import services
from petitions.models import Channel


def at(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def register(user, station, summary="反映某处长违规收受礼金问题", **extra):
    people = extra.pop("people", [])
    reporter = extra.pop("reporter", None)
    return services.register_petition(
        user,
        station=station,
        channel=extra.pop("channel", Channel.HOTLINE),
        received_at=extra.pop("received_at", at(2024, 4, 10)),
        summary=summary,
        content=extra.pop("content", ""),
        disciplines=extra.pop("disciplines", ()),
        people=[services.PersonData(*p) if isinstance(p, tuple) else p for p in people],
        reporter=services.ReporterData(**reporter) if reporter else None,
        **extra,
    )
