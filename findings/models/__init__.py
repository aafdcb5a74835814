"""Findings with their working papers and evidence, station reports, and leads."""

from findings.models.evidence import (
    ALLOWED_EVIDENCE_TYPES,
    DocumentRequest,
    Evidence,
    PaperStatus,
    SourceKind,
    TalkRecord,
    WorkingPaper,
)
from findings.models.finding import (
    FED_BACK_STATUSES,
    Finding,
    FindingQuerySet,
    FindingStatus,
    ResponsibleKind,
    Severity,
)
from findings.models.lead import (
    CadreLevel,
    DisposalMethod,
    HandoverLetter,
    Lead,
    LeadQuerySet,
    LeadStatus,
    OutcomeForm,
)
from findings.models.report import Report, ReportStatus
from findings.models.taxonomy import Category, Discipline

__all__ = [
    "ALLOWED_EVIDENCE_TYPES",
    "FED_BACK_STATUSES",
    "CadreLevel",
    "Category",
    "Discipline",
    "DisposalMethod",
    "DocumentRequest",
    "Evidence",
    "Finding",
    "FindingQuerySet",
    "FindingStatus",
    "HandoverLetter",
    "Lead",
    "LeadQuerySet",
    "LeadStatus",
    "OutcomeForm",
    "PaperStatus",
    "Report",
    "ReportStatus",
    "ResponsibleKind",
    "Severity",
    "SourceKind",
    "TalkRecord",
    "WorkingPaper",
]
