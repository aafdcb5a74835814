"""The lifecycles of findings, working papers, reports and leads (DESIGN §3), declared once.

Services run them with `FLOW.run(name, user, obj)` / `run_many`; pages and the API read the
available ones with `FLOW.available(user, obj)` or `{% transitions obj as can %}`.
Predicates live in findings/permissions.py.
"""

from django.utils.translation import gettext_lazy as _

from findings.models import (
    Finding,
    FindingStatus,
    Lead,
    LeadStatus,
    PaperStatus,
    Report,
    ReportStatus,
    WorkingPaper,
)
from inspection.workflow import Transition, Workflow

F, P, R, L = FindingStatus, PaperStatus, ReportStatus, LeadStatus
INPUTS = "findings.api.inputs."

FINDING_FLOW = Workflow(
    Finding,
    [
        Transition("edit", [F.DRAFT], None, "findings.edit_finding", _("修改")),
        Transition("add_paper", [F.DRAFT, F.REVIEWED], None, "findings.add_paper", _("添加底稿")),
        Transition("review", [F.DRAFT], F.REVIEWED, "findings.review_finding", _("副组长审核")),
        Transition(
            "approve",
            [F.REVIEWED],
            F.APPROVED,
            "findings.approve_finding",
            _("组长审定"),
            effects=_("须有一份经组长签字的问题底稿"),
        ),
        Transition(
            "return",
            [F.REVIEWED, F.APPROVED],
            F.DRAFT,
            "findings.return_finding",
            _("退回修改"),
            effects=_("已编入报告的问题不能退回"),
        ),
        Transition("report", [F.APPROVED], F.REPORTED, "findings.approve_report", _("报告")),
        Transition("feed_back", [F.REPORTED], F.FED_BACK, "findings.feed_back_report", _("反馈")),
        Transition(
            "start_rectifying",
            [F.FED_BACK],
            F.RECTIFYING,
            "findings.move_for_rectification",
            _("开始整改"),
        ),
        Transition(
            "mark_rectified",
            [F.FED_BACK, F.RECTIFYING],
            F.RECTIFIED,
            "findings.move_for_rectification",
            _("整改完成"),
        ),
    ],
)

PAPER_FLOW = Workflow(
    WorkingPaper,
    [
        Transition(
            "attach", [P.PREPARED, P.REVIEWED], None, "findings.add_evidence", _("上传证据材料")
        ),
        Transition("review", [P.PREPARED], P.REVIEWED, "findings.review_paper", _("副组长审核")),
        Transition("sign", [P.REVIEWED], P.SIGNED, "findings.sign_paper", _("组长签字")),
    ],
)

REPORT_FLOW = Workflow(
    Report,
    [
        Transition("reassemble", [R.DRAFT], None, "findings.reassemble_report", _("重新汇总报告")),
        Transition(
            "approve",
            [R.DRAFT],
            R.APPROVED,
            "findings.approve_report",
            _("登记审议"),
            input=INPUTS + "ApproveReportInput",
            effects=_("报告中的问题转为已报告；记录进驻的报告日期"),
        ),
        Transition(
            "feed_back",
            [R.APPROVED],
            R.FED_BACK,
            "findings.feed_back_report",
            _("登记反馈"),
            input=INPUTS + "FeedBackInput",
            effects=_("编反馈意见号；问题转为已反馈；记录进驻的反馈日期"),
        ),
    ],
)

LEAD_FLOW = Workflow(
    Lead,
    [
        Transition("edit", [L.REGISTERED, L.APPROVED], None, "findings.edit_lead", _("修改")),
        Transition(
            "approve", [L.REGISTERED], L.APPROVED, "findings.approve_lead", _("审批同意移交")
        ),
        Transition(
            "hand_over",
            [L.APPROVED],
            L.HANDED_OVER,
            "findings.hand_over_lead",
            _("移交"),
            input=INPUTS + "HandOverInput",
            effects=_("编入移交函（新编号或已有的同一机关的函）；开始计算反馈期限"),
        ),
        Transition(
            "acknowledge",
            [L.HANDED_OVER],
            L.ACKNOWLEDGED,
            "findings.acknowledge_lead",
            _("签收"),
            input=INPUTS + "AcknowledgeInput",
        ),
        Transition(
            "dispose",
            [L.ACKNOWLEDGED, L.IN_DISPOSAL],
            L.IN_DISPOSAL,
            "findings.dispose_lead",
            _("登记处置方式"),
            input=INPUTS + "DisposeInput",
        ),
        Transition(
            "report_back",
            [L.IN_DISPOSAL],
            L.REPORTED_BACK,
            "findings.report_back_lead",
            _("反馈办理结果"),
            input=INPUTS + "ReportBackInput",
        ),
        Transition("close", [L.REPORTED_BACK], L.CLOSED, "findings.close_lead", _("办结")),
    ],
)
