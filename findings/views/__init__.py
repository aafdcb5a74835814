"""Browser pages by subject. Every query starts from the model's visible_to(user); every write
goes through `inspection.browser.run_service` to a findings service; buttons come from the
declared transitions (findings.transitions)."""

from findings.views.findings import (
    FindingDetailView,
    FindingLedger,
    FindingListView,
    finding_create,
    finding_edit,
    finding_history,
    finding_transition,
)
from findings.views.leads import (
    HandoverLetterDetailView,
    LeadDetailView,
    LeadLedger,
    LeadListView,
    lead_create,
    lead_edit,
    lead_history,
    lead_transition,
    letter_create,
    letter_docx,
)
from findings.views.papers import (
    WorkingPaperDetailView,
    evidence_add,
    evidence_download,
    paper_create,
    paper_transition,
)
from findings.views.records import (
    DocumentRequestListView,
    TalkRecordDetailView,
    TalkRecordListView,
    document_create,
    talk_create,
)
from findings.views.reports import (
    ReportDetailView,
    ReportListView,
    figures_view,
    report_assemble,
    report_docx,
    report_transition,
)

__all__ = [
    "DocumentRequestListView",
    "FindingDetailView",
    "FindingLedger",
    "FindingListView",
    "HandoverLetterDetailView",
    "LeadDetailView",
    "LeadLedger",
    "LeadListView",
    "ReportDetailView",
    "ReportListView",
    "TalkRecordDetailView",
    "TalkRecordListView",
    "WorkingPaperDetailView",
    "document_create",
    "evidence_add",
    "evidence_download",
    "figures_view",
    "finding_create",
    "finding_edit",
    "finding_history",
    "finding_transition",
    "lead_create",
    "lead_edit",
    "lead_history",
    "lead_transition",
    "letter_create",
    "letter_docx",
    "paper_create",
    "paper_transition",
    "report_assemble",
    "report_docx",
    "report_transition",
    "talk_create",
]
