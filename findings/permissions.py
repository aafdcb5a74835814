"""Who may act on findings, working papers, records, reports and leads.

One predicate per write, asked by the services (through `findings.transitions` or
`inspection.permissions.require`), by the API actions, the browser views and the templates
(`{% transitions %}`, `{% may %}`). The group predicates come from `tours.permissions`; `via`
is the path from the object to its station.

- any member of the station's group logs findings, working papers, evidence, talks,
  document requests and leads;
- the group's deputy leader reviews findings and working papers; the leader signs papers,
  approves findings and assembles the report; either returns a finding to draft;
- office staff record the report's approval and feedback, register, approve, hand over and
  close leads;
- an official of the receiving body acknowledges a lead, records its disposal and reports back.
"""

import rules

from inspection.permissions import declare_containers, is_office_staff
from tours.permissions import (
    candidate_stations,
    deputises_group_of,
    heads_group_of,
    in_group_of,
    leads_group_of,
    liaison_of_unit,
)


@rules.predicate
def official_of_body(user, lead) -> bool:
    """An official of the body the lead was handed to."""
    return bool(
        user.is_official
        and lead is not None
        and lead.receiving_body_id is not None
        and user.unit_id == lead.receiving_body_id
    )


# Findings (object: the station for logging, the finding otherwise).
rules.add_perm("findings.log_finding", in_group_of(""))
rules.add_perm("findings.edit_finding", in_group_of("station"))
rules.add_perm("findings.review_finding", deputises_group_of("station"))
rules.add_perm("findings.approve_finding", leads_group_of("station"))
rules.add_perm("findings.return_finding", heads_group_of("station"))
# Rectification moves fed-back findings on: the unit (creating its items) or the office.
rules.add_perm("findings.move_for_rectification", is_office_staff | liaison_of_unit)

# Working papers and evidence (object: the finding for a new paper, the paper otherwise).
rules.add_perm("findings.add_paper", in_group_of("station"))
rules.add_perm("findings.review_paper", deputises_group_of("finding.station"))
rules.add_perm("findings.sign_paper", leads_group_of("finding.station"))
rules.add_perm("findings.add_evidence", in_group_of("finding.station"))

# Talk records and document requests (object: the station).
rules.add_perm("findings.record_on_station", in_group_of(""))

# Reports (object: the station for assembling, the report otherwise).
rules.add_perm("findings.assemble_report", is_office_staff | leads_group_of(""))
rules.add_perm("findings.reassemble_report", is_office_staff | leads_group_of("station"))
rules.add_perm("findings.approve_report", is_office_staff)
rules.add_perm("findings.feed_back_report", is_office_staff)

# Leads (object: the station for registering, the lead otherwise) and handover letters.
rules.add_perm("findings.register_lead", is_office_staff | in_group_of(""))
rules.add_perm("findings.edit_lead", is_office_staff | in_group_of("station"))
rules.add_perm("findings.approve_lead", is_office_staff)
rules.add_perm("findings.hand_over_lead", is_office_staff)
rules.add_perm("findings.close_lead", is_office_staff)
rules.add_perm("findings.acknowledge_lead", official_of_body)
rules.add_perm("findings.dispose_lead", official_of_body)
rules.add_perm("findings.report_back_lead", official_of_body)

# Logging a finding, a lead or a record is asked of a station.
declare_containers(
    ("findings.log_finding", "findings.register_lead", "findings.record_on_station"),
    candidate_stations,
)
