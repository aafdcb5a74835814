"""Settings of the findings app, with defaults; each can be overridden in Django settings."""

from django.conf import settings

# Months a receiving body has to report back on a lead, per term level (tours.TermLevel);
# "default" applies to any level not listed.
DEFAULT_REPORT_BACK_MONTHS = {"default": 3}

DEFAULT_NUMBER_PREFIXES = {
    "working_paper": "巡底",
    "report": "巡报",
    "feedback": "巡反馈",
    "handover": "巡移",
}


def report_back_months(term_level: str) -> int:
    months = {**DEFAULT_REPORT_BACK_MONTHS, **getattr(settings, "LEAD_REPORT_BACK_MONTHS", {})}
    return int(months.get(term_level, months["default"]))


def number_prefix(kind: str) -> str:
    prefixes = {**DEFAULT_NUMBER_PREFIXES, **getattr(settings, "FINDINGS_NUMBER_PREFIXES", {})}
    return prefixes[kind]


def evidence_max_bytes() -> int:
    return int(getattr(settings, "FINDINGS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
