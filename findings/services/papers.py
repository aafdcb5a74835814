"""Working papers (问题底稿) and their evidence: prepared by a member, reviewed by the deputy
leader, signed by the leader; photos and PDFs attached until it is signed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import conf
from findings.models import ALLOWED_EVIDENCE_TYPES, Evidence, WorkingPaper
from findings.services._common import number
from findings.transitions import FINDING_FLOW, PAPER_FLOW
from inspection.uploads import check_upload
from inspection.validation import check_count


def validate_evidence_file(upload, field="file"):
    """Accept photos and PDFs only, within the size limit; returns the content type."""
    types = {f".{ext}": content_type for ext, content_type in ALLOWED_EVIDENCE_TYPES.items()}
    return check_upload(upload, field=field, types=types, max_bytes=conf.evidence_max_bytes())


def _store_evidence(user, paper, upload, description=""):
    content_type = validate_evidence_file(upload)
    evidence = Evidence(
        working_paper=paper,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        description=description,
        uploaded_by=user,
    )
    evidence.full_clean(exclude=["file", "working_paper", "uploaded_by"])
    evidence.save()
    return evidence


def add_evidence(user, paper, file, description="") -> Evidence:
    """A member of the group attaches a photo or PDF to an unsigned working paper."""
    with PAPER_FLOW.run("attach", user, paper, save=False) as paper:
        return _store_evidence(user, paper, file, description)


def _validate_paper(paper):
    errors = {}
    for field, message in (
        ("facts_who", _("请写明涉及的人员。")),
        ("facts_what", _("请写明具体事实。")),
        ("facts_when", _("请写明发生时间。")),
    ):
        if not (getattr(paper, field) or "").strip():
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)
    paper.full_clean(exclude=["finding", "number", "prepared_by", "status"])


def create_working_paper(user, finding, uploads=(), **fields) -> WorkingPaper:
    """A member of the group writes a working paper for a finding not yet approved."""
    uploads = list(uploads)
    check_count(uploads, "files", "file")
    with FINDING_FLOW.run("add_paper", user, finding, save=False) as finding:
        fields.setdefault("prepared_on", timezone.localdate())
        paper = WorkingPaper(finding=finding, prepared_by=user, **fields)
        _validate_paper(paper)
        paper.number = number("working_paper", paper.prepared_on)
        paper.save()
        for upload in uploads:
            _store_evidence(user, paper, upload)
    return paper


def review_working_paper(user, paper) -> WorkingPaper:
    with PAPER_FLOW.run("review", user, paper) as paper:
        paper.reviewed_by, paper.reviewed_at = user, timezone.now()
    return paper


def sign_working_paper(user, paper) -> WorkingPaper:
    with PAPER_FLOW.run("sign", user, paper) as paper:
        paper.signed_by, paper.signed_at = user, timezone.now()
    return paper


@transaction.atomic
def log_finding_on_site(user, station, relations=None, paper=None, uploads=(), **fields):
    """One step on site: the finding, and (optionally) its working paper with photos.

    Either everything is stored or nothing: a bad photo leaves no half-logged finding.
    """
    from findings.services.findings import create_finding

    finding = create_finding(user, station, relations, **fields)
    if paper is not None or uploads:
        create_working_paper(user, finding, uploads=uploads, **(paper or {}))
    return finding
