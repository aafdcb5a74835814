"""Rectification lifecycles, declared once (DESIGN §3).

Plan:  draft → submitted → approved, or back to returned (and submitted again).
Item:  open → in_progress → closure_requested → closed, or back to in_progress when the
       close-out request is returned.
Letters are numbered writes on a station, not a lifecycle: `ISSUE_LETTER` declares who may
issue one, what it takes and what it does.

Permissions are in rectification.permissions; the services in rectification.services run
these with `FLOW.run(name, user, obj)`.
"""

from django.utils.translation import gettext_lazy as _

from inspection.workflow import Transition, Workflow
from rectification.models import ItemStatus, PlanStatus, RectificationItem, RectificationPlan

P, S = PlanStatus, ItemStatus
INPUTS = "rectification.api.inputs"

PLAN_FLOW = Workflow(
    RectificationPlan,
    [
        Transition(
            "submit",
            [P.DRAFT, P.RETURNED],
            P.SUBMITTED,
            "rectification.submit_plan",
            _("提交整改方案"),
            input=f"{INPUTS}.PlanSubmitInput",
            effects=_("每个已反馈的问题须已分解为整改任务"),
            refusal=_("只有被巡视单位联络员或巡视办工作人员可以办理。"),
        ),
        Transition(
            "approve",
            [P.SUBMITTED],
            P.APPROVED,
            "rectification.review_plan",
            _("审核通过"),
            refusal=_("只有巡视办工作人员可以审核。"),
        ),
        Transition(
            "return",
            [P.SUBMITTED],
            P.RETURNED,
            "rectification.review_plan",
            _("退回修改"),
            input=f"{INPUTS}.ReasonInput",
            effects=_("记录退回理由，退回次数加一"),
            refusal=_("只有巡视办工作人员可以审核。"),
        ),
        Transition(
            "report",
            [P.DRAFT, P.SUBMITTED, P.RETURNED, P.APPROVED],
            None,
            "rectification.submit_report",
            _("报送整改情况报告"),
            input=f"{INPUTS}.ReportInput",
            effects=_("记录报送日期；只能报送一次"),
            refusal=_("只有被巡视单位联络员或巡视办工作人员可以办理。"),
        ),
    ],
)

ITEM_FLOW = Workflow(
    RectificationItem,
    [
        Transition(
            "progress",
            [S.OPEN, S.IN_PROGRESS],
            S.IN_PROGRESS,
            "rectification.report_progress",
            _("报送进展"),
            input=f"{INPUTS}.ProgressInput",
            effects=_("保存进展和佐证材料"),
            refusal=_("只有被巡视单位联络员或巡视办工作人员可以办理。"),
        ),
        Transition(
            "request_closure",
            [S.IN_PROGRESS],
            S.CLOSURE_REQUESTED,
            "rectification.request_closure",
            _("申请销号"),
            effects=_("须已报送进展"),
            refusal=_("只有被巡视单位联络员或巡视办工作人员可以办理。"),
        ),
        Transition(
            "approve_closure",
            [S.CLOSURE_REQUESTED],
            S.CLOSED,
            "rectification.review_closure",
            _("同意销号"),
            input=f"{INPUTS}.ApproveClosureInput",
            effects=_("问题的最后一项任务销号后，问题转为已整改（findings.mark_rectified）"),
            refusal=_("只有巡视办工作人员可以审核。"),
        ),
        Transition(
            "return_closure",
            [S.CLOSURE_REQUESTED],
            S.IN_PROGRESS,
            "rectification.review_closure",
            _("退回销号申请"),
            input=f"{INPUTS}.ReasonInput",
            effects=_("记录退回理由，退回次数加一"),
            refusal=_("只有巡视办工作人员可以审核。"),
        ),
    ],
)

# A numbered letter on a station (not a state change): declared here like a transition.
ISSUE_LETTER = Transition(
    "issue_letter",
    [],
    None,
    "rectification.issue_letter",
    _("发函"),
    input="rectification.api.serializers.LetterSerializer",
    effects=_("按类型和年度编号；督办函把所涉任务的完成时限改为新的时限"),
    refusal=_("只有巡视办工作人员可以发函。"),
)
