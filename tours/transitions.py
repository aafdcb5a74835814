"""The station's lifecycle, declared once (DESIGN §3): planned → … → closed.

Each phase move is a transition named after what happens; `record_report` and
`record_feedback` are the findings app's way to set the report and feedback dates (and, on
feedback, to move a station still reporting into fed_back) without writing tours' fields.
"""

from django.utils.translation import gettext_lazy as _

from inspection.workflow import Transition, Workflow
from tours.models import Station, StationStatus

S = StationStatus

STATION_FLOW = Workflow(
    Station,
    [
        Transition(
            "prepare",
            [S.PLANNED],
            S.PREPARING,
            "tours.move_station",
            _("进入准备阶段"),
            input="tours.api.inputs.PrepareInput",
            effects=_("记录通知日期和计划进驻日期"),
        ),
        Transition(
            "enter",
            [S.PREPARING],
            S.ON_SITE,
            "tours.move_station",
            _("进驻"),
            input="tours.api.inputs.EnterInput",
            effects=_("再次检查回避"),
        ),
        Transition(
            "end_onsite",
            [S.ON_SITE],
            S.REPORTING,
            "tours.move_station",
            _("结束现场工作"),
            input="tours.api.inputs.EndOnsiteInput",
        ),
        Transition(
            "feed_back",
            [S.REPORTING],
            S.FED_BACK,
            "tours.move_station",
            _("反馈"),
            input="tours.api.inputs.FeedBackInput",
        ),
        Transition(
            "start_rectifying",
            [S.FED_BACK],
            S.RECTIFYING,
            "tours.move_station",
            _("进入整改阶段"),
        ),
        Transition(
            "close",
            [S.RECTIFYING],
            S.CLOSED,
            "tours.move_station",
            _("结束"),
            confirm=_("结束后不能再恢复，确定吗？"),
        ),
        Transition(
            "record_report",
            [S.ON_SITE, S.REPORTING, S.FED_BACK],
            None,
            "tours.record_station_dates",
            _("记录报告日期"),
        ),
        Transition(
            "record_feedback",
            [S.ON_SITE, S.REPORTING, S.FED_BACK, S.RECTIFYING],
            None,
            "tours.record_station_dates",
            _("记录反馈日期"),
            effects=_("仍在报告阶段的进驻转入已反馈"),
        ),
    ],
)

# The transition that moves a station into each phase (the API's and the form's `to`).
INTO_PHASE = {t.target: t.name for t in STATION_FLOW if t.target is not None}
# The phase each phase moves into (what the API reports as `next_phase`).
NEXT_PHASE = {source: t.target for t in STATION_FLOW if t.target is not None for source in t.source}
