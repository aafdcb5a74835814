"""Who may act on rectification (DESIGN §2): the unit works, the office verifies.

The unit liaison of the inspected unit (or office staff on its behalf) opens the plan,
breaks findings into items, submits the plan, progress, evidence, close-out requests and the
rectification report; only office staff review plans, approve or return close-out requests and
issue supervision or reminder letters. Group members read rectification but do not act on it;
read-only roles are refused by the kernel before any predicate runs.

The object is a station, a finding, a plan or an item: each reaches its station directly.
"""

import rules

from inspection.permissions import is_office_staff
from tours.permissions import liaison_of_unit

for_unit = is_office_staff | liaison_of_unit

# The unit's work (office staff may enter it on the unit's behalf).
rules.add_perm("rectification.open_plan", for_unit)  # obj: station
rules.add_perm("rectification.submit_plan", for_unit)  # obj: plan
rules.add_perm("rectification.submit_report", for_unit)  # obj: plan
rules.add_perm("rectification.add_item", for_unit)  # obj: finding
rules.add_perm("rectification.report_progress", for_unit)  # obj: item
rules.add_perm("rectification.request_closure", for_unit)  # obj: item

# The office's verification.
rules.add_perm("rectification.review_plan", is_office_staff)  # obj: plan
rules.add_perm("rectification.review_closure", is_office_staff)  # obj: item
rules.add_perm("rectification.issue_letter", is_office_staff)  # obj: station
