"""Who may act on petitions: one predicate per write, asked by services, API, pages, templates.

- register, triage, transfer, link duplicates, conclude, attach: office staff for every
  petition (and the office's own register); group users for their own group's stations;
- record a transfer's reply: office staff, and officials of the receiving body;
- reveal a reporter's identity: office staff, and the leader or deputy leader of the
  petition's own station (never ordinary members, officials, liaisons or read-only roles).
"""

import rules

from inspection.permissions import declare_containers, is_group_role, is_office_staff, is_official
from tours.permissions import candidate_stations, heads_group_of, in_group_of


@rules.predicate
def receives_transfer(user, transfer) -> bool:
    """The official's body is the one the transfer was sent to."""
    return transfer is not None and user.unit_id == transfer.receiving_body_id


# Registering takes the station (None: the office's own register), the others the petition.
rules.add_perm("petitions.register", is_office_staff | (is_group_role & in_group_of("")))
rules.add_perm("petitions.act", is_office_staff | (is_group_role & in_group_of("station")))
rules.add_perm("petitions.reveal", is_office_staff | (is_group_role & heads_group_of("station")))
rules.add_perm("petitions.record_reply", is_office_staff | (is_official & receives_transfer))

# Registering is asked of a station, or of None for the office's own register.
declare_containers(("petitions.register",), lambda user: [None, *candidate_stations(user)])

# The office keeps the list of purposes a reveal is chosen from.
rules.add_perm("petitions.manage_reveal_reasons", is_office_staff)
