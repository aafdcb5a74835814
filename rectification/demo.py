"""Demo rectification for the demo station (四川省国土资源厅). Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from findings.models import Finding, FindingStatus
from inspection.accounts.models import Role
from inspection.notifications.services import sweep
from rectification import services
from rectification.models import ItemKind, RectificationItem
from rectification.transitions import PLAN_FLOW
from tours import services as tours_services
from tours.models import Station, StationStatus

DEMO_UNIT = "四川省国土资源厅"
DEMO_FINDINGS = (
    ("落实全面从严治党主体责任不到位", "党组履行主体责任压力传导不够，基层党组织建设薄弱。"),
    ("土地出让金征收管理不规范", "部分地区土地出让金欠缴问题长期未解决。"),
    ("选人用人工作把关不严", "个别干部“带病提拔”，干部档案审核不严。"),
)


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@transaction.atomic
def load_rectification_demo() -> Station:
    station = Station.objects.select_related("unit").get(unit__name=DEMO_UNIT)
    User = get_user_model()
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    liaison = User.objects.filter(role=Role.LIAISON, unit=station.unit).order_by("pk").first()
    if office is None or liaison is None:
        raise ObjectDoesNotExist("run `manage.py load_demo` first: its accounts are needed")
    _fed_back(office, station)
    findings = list(Finding.objects.fed_back().filter(station=station))
    if not findings:
        # The findings demo is absent: create the fed-back findings rectification needs.
        findings = [
            Finding.objects.create(
                station=station, title=title, description=text, status=FindingStatus.FED_BACK
            )
            for title, text in DEMO_FINDINGS
        ]
    plan = services.open_plan(office, station)
    if not RectificationItem.objects.filter(station=station).exists():
        _items(findings, office, liaison)
    plan.refresh_from_db()
    if PLAN_FLOW.allows("submit", liaison, plan) and plan.return_count == 0:
        services.submit_plan(liaison, plan, "按照问题、任务、责任三张清单逐项整改，限期销号。")
    sweep()
    return station


def _fed_back(office, station):
    """Move the demo station on to rectification through tours' own transitions."""
    S = StationStatus
    if station.status == S.ON_SITE:
        tours_services.transition(office, station, S.REPORTING, onsite_end_on=_days(-60))
    if station.status == S.REPORTING:
        tours_services.transition(
            office, station, S.FED_BACK, report_on=_days(-50), feedback_on=_days(-45)
        )
    if station.status == S.FED_BACK:
        tours_services.transition(office, station, S.RECTIFYING)
    station.refresh_from_db()


def _items(findings, office, liaison):
    first, second, third = (findings * 3)[:3]
    common = {"responsible_leader": "党组副书记", "responsible_user": liaison}
    overdue = services.create_item(
        office,
        first,
        measures="召开党组专题会议，制定主体责任清单。",
        deadline=_days(-7),
        responsible_department="机关党委",
        responsible_person="王强",
        acceptance_standard="印发责任清单，会议纪要存档。",
        **common,
    )
    services.report_progress(liaison, overdue, "已起草责任清单，待党组会审议。")
    services.create_item(
        office,
        first,
        measures="开展基层党组织建设专项检查。",
        deadline=_days(5),
        kind=ItemKind.IMMEDIATE,
        responsible_department="机关党委",
        **common,
    )
    closed = services.create_item(
        office,
        second,
        measures="清理欠缴土地出让金，建立催缴台账。",
        deadline=_days(20),
        responsible_department="财务处",
        responsible_person="李娜",
        acceptance_standard="欠缴款项全部追缴入库。",
        **common,
    )
    services.report_progress(liaison, closed, "已追缴全部欠缴款项，附入库凭证。")
    services.request_closure(liaison, closed)
    services.approve_closure(office, closed, "completed")
    services.create_item(
        office,
        third,
        measures="完善干部选拔任用全程纪实制度。",
        deadline=_days(90),
        kind=ItemKind.LONG_TERM,
        responsible_department="人事处",
        **common,
    )
    services.create_item(
        office,
        third,
        measures="对近三年提拔干部档案逐一复核。",
        deadline=_days(-3),
        responsible_department="人事处",
        **common,
    )
