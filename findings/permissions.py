"""Who may act on findings, working papers, reports and leads (see findings.transitions)."""

import rules

from inspection.permissions import is_office_staff


@rules.predicate
def liaison_of_unit(user, obj) -> bool:
    """A unit liaison of the unit the object's station inspected."""
    return bool(user.is_liaison and obj is not None and user.unit_id == obj.station.unit_id)


# Rectification moves fed-back findings on: the unit (creating its items) or the office.
rules.add_perm("findings.move_for_rectification", is_office_staff | liaison_of_unit)
