"""Word documents: the report draft, the feedback opinion and the lead handover letter."""

from django.utils import timezone
from django.utils.translation import gettext as _

from findings.models import Finding, Lead
from inspection.documents import DocumentSpec, render_docx
from inspection.numerals import chinese_numeral


def _by_category(findings):
    """[(category name, [findings])] in the taxonomy's order."""
    groups = {}
    for finding in findings:
        name = finding.category.name if finding.category else _("其他")
        groups.setdefault(name, []).append(finding)
    return list(groups.items())


def _report_findings(report, user):
    return (
        Finding.objects.visible_to(user)
        .filter(report=report)
        .select_related("category")
        .order_by("category__order", "id")
    )


def _finding_paragraphs(findings):
    paragraphs = []
    for number, (category, items) in enumerate(_by_category(findings), start=1):
        paragraphs.append(f"{chinese_numeral(number)}、{category}")
        for index, finding in enumerate(items, start=1):
            text = f"{index}. {finding.title}"
            if finding.description:
                text += f"。{finding.description}"
            paragraphs.append(text)
    return paragraphs


def report_draft(report, user):
    station = report.station
    findings = _report_findings(report, user)
    spec = DocumentSpec(
        title=_("关于巡视%(unit)s的情况报告") % {"unit": station.unit.name},
        number=report.number,
        paragraphs=[
            _("%(group)s于%(entry)s进驻%(unit)s开展巡视。现将发现的主要问题报告如下：")
            % {
                "group": station.group.name,
                "entry": _date(station.entry_on) or _("（进驻日期未登记）"),
                "unit": station.unit.name,
            },
            *_finding_paragraphs(findings),
        ],
        sender=station.group.name,
        dated=report.drafted_on,
    )
    return render_docx(spec), f"{report.number}.docx"


def feedback_opinion(report, user):
    station = report.station
    findings = _report_findings(report, user)
    dated = report.fed_back_on or timezone.localdate()
    spec = DocumentSpec(
        title=_("关于巡视%(unit)s的反馈意见") % {"unit": station.unit.name},
        number=report.feedback_number or report.number,
        addressee=report.fed_back_to or _("%(unit)s领导班子") % {"unit": station.unit.name},
        paragraphs=[
            _("根据统一部署，%(group)s对%(unit)s进行了巡视。巡视发现的主要问题如下：")
            % {"group": station.group.name, "unit": station.unit.name},
            *_finding_paragraphs(findings),
            _("请按要求在反馈后2个月内报送整改情况报告。"),
        ],
        sender=station.group.name,
        dated=dated,
    )
    return render_docx(spec), f"{spec.number}.docx"


def handover_letter(letter, user):
    leads = (
        Lead.objects.visible_to(user)
        .filter(handover_letter=letter)
        .select_related("station__unit")
        .order_by("id")
    )
    rows = [
        [
            str(index),
            lead.person_name,
            lead.person_unit or lead.station.unit.name,
            lead.person_position,
            lead.get_cadre_level_display(),
            lead.facts,
            _date(lead.report_back_due_on),
        ]
        for index, lead in enumerate(leads, start=1)
    ]
    due = min((lead.report_back_due_on for lead in leads if lead.report_back_due_on), default=None)
    spec = DocumentSpec(
        title=_("问题线索移交函"),
        number=letter.number,
        addressee=letter.receiving_body.name,
        paragraphs=[
            _(
                "现将巡视中发现的问题线索%(count)d件移交你单位，请按规定处置，并于%(due)s前反馈办理结果。"
            )
            % {"count": len(rows), "due": _date(due) or "—"},
        ],
        table_header=[
            _("序号"),
            _("反映对象"),
            _("工作单位"),
            _("职务"),
            _("干部管理权限"),
            _("主要问题"),
            _("反馈期限"),
        ],
        table_rows=rows,
        sender=_("巡视工作领导小组办公室"),
        dated=letter.sent_on,
    )
    return render_docx(spec), f"{letter.number}.docx"


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
