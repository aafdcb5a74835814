"""Every rule and state transition of findings, working papers, reports and leads.

Each service takes the acting user first, locks what it changes and asks one predicate
(findings/permissions.py), through the workflows declared in findings/transitions.py.
Refusals: PermissionDenied (role, 403), StateConflict (state moved on, 409), ValidationError
naming the field (input, 400).
"""

from findings.services.findings import (
    SOURCE_FIELDS,
    approve_finding,
    create_finding,
    mark_rectified,
    return_finding,
    review_finding,
    start_rectifying,
    update_finding,
)
from findings.services.leads import (
    acknowledge_lead,
    approve_lead,
    close_lead,
    create_letter,
    dispose_lead,
    hand_over,
    hand_over_lead,
    register_lead,
    report_back,
    report_back_due,
    update_lead,
)
from findings.services.papers import (
    add_evidence,
    create_working_paper,
    log_finding_on_site,
    review_working_paper,
    sign_working_paper,
    validate_evidence_file,
)
from findings.services.records import create_station_record
from findings.services.reports import approve_report, assemble_report, feed_back_report

__all__ = [
    "SOURCE_FIELDS",
    "acknowledge_lead",
    "add_evidence",
    "approve_finding",
    "approve_lead",
    "approve_report",
    "assemble_report",
    "close_lead",
    "create_finding",
    "create_letter",
    "create_station_record",
    "create_working_paper",
    "dispose_lead",
    "feed_back_report",
    "hand_over",
    "hand_over_lead",
    "log_finding_on_site",
    "mark_rectified",
    "register_lead",
    "report_back",
    "report_back_due",
    "return_finding",
    "review_finding",
    "review_working_paper",
    "sign_working_paper",
    "start_rectifying",
    "update_finding",
    "update_lead",
    "validate_evidence_file",
]
