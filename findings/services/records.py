"""Talk records (个别谈话) and document requests (调阅资料), kept by the station's group."""

from django.db import transaction
from django.utils.translation import gettext as _

from inspection.permissions import require


@transaction.atomic
def create_station_record(user, model, station, **fields):
    """A talk record or document request, kept by a member of the station's group."""
    require(user, "findings.record_on_station", station, _("只有本组成员可以执行此操作。"))
    record = model(station=station, recorded_by=user, **fields)
    record.full_clean(exclude=["recorded_by", "station"])
    record.save()
    return record
