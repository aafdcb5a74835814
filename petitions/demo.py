"""Synthetic demo petitions on the stations created by `manage.py load_demo`.

Idempotent: a petition whose station and summary already exist is not registered again.
Names, phone numbers and events are invented.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspection.accounts.models import Role
from petitions import services
from petitions.models import Petition, PetitionStatus
from tours.models import Station, Unit

DEMO_UNITS = (
    "四川省国土资源厅",
    "四川省发展和改革委员会",
    "四川省能源投资集团有限责任公司",
    "西南科技大学",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "志强", "海燕", "文斌", "晓东", "春梅", "永红", "国庆", "德明", "丽华")
POSITIONS = (
    ("副厅长", "bureau"),
    ("处长", "division"),
    ("副处长", "division"),
    ("科长", "section"),
    ("主任", "division"),
)
TOPICS = (
    ("{name}违规收受管理服务对象礼金", ("integrity",), "hotline"),
    ("{name}在土地出让中为亲属企业谋利", ("integrity", "work"), "mailbox"),
    ("{name}违规提拔使用身边工作人员", ("organisational",), "mailbox"),
    ("{name}长期不在岗、工作推诿", ("work",), "online"),
    ("{name}违规操办子女婚宴并收受礼金", ("integrity", "life"), "report_box"),
    ("{name}对群众反映的征地补偿问题不作为", ("masses",), "visit"),
    ("{name}在干部考察中搞“带病提拔”", ("organisational", "political"), "from_above"),
    ("{name}违规使用公车、超标准接待", ("integrity",), "hotline"),
)
LIVELIHOOD = (
    "反映房屋拆迁补偿款迟迟未到位",
    "反映单位拖欠临时工工资",
    "建议优化不动产登记办事流程",
)


def _office_user():
    User = get_user_model()
    return User.objects.filter(is_active=True, role=Role.OFFICE).order_by("pk").first()


def _items(station, count):
    unit = station.unit.name
    for i in range(count):
        name = SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN[(i * 3) % len(GIVEN)]
        topic_index = i % len(TOPICS)
        if i % 6 == 5:  # the same person reported again, by another channel
            name = SURNAMES[0] + GIVEN[0]
            topic_index = (1, 2, 3, 5, 6, 7)[(i // 6) % 6]  # topics 0 and 4 he has already
        position, level = POSITIONS[i % len(POSITIONS)]
        if i % 9 == 8:
            yield {
                "summary": LIVELIHOOD[(i // 9) % 3],
                "disciplines": (),
                "channel": "hotline",
                "people": [],
                "named": i % 2 == 0,
                "index": i,
            }
            continue
        topic, disciplines, channel = TOPICS[topic_index]
        yield {
            "summary": f"反映{unit}{topic.format(name=name)}",
            "content": f"来件称：{unit}{position}{name}{topic.format(name='')}，"
            "有关情况群众反映强烈，请巡视组核查。",
            "disciplines": disciplines,
            "channel": channel,
            "people": [services.PersonData(name, position, unit, level)],
            "named": i % 3 == 0,
            "index": i,
        }


def _register(user, station, item, now):
    received = now - datetime.timedelta(days=20 - item["index"] % 20, hours=item["index"] % 7)
    reporter = None
    if item["named"]:
        reporter = services.ReporterData(
            name=SURNAMES[(item["index"] * 5) % 20] + "某某",
            phone=f"1390000{item['index']:04d}",
            work_unit="某街道居民",
        )
    return services.register_petition(
        user,
        station=station,
        channel=item["channel"],
        received_at=received,
        registered_at=received + datetime.timedelta(hours=1),
        summary=item["summary"],
        content=item.get("content", ""),
        disciplines=item["disciplines"],
        people=item["people"],
        reporter=reporter,
    )


def _route(petition, user, index, body):
    """Move some demo petitions along so every status shows up."""
    step = index % 5
    if step == 0:
        return
    if step == 1 and body is not None:
        services.triage(user, petition, in_scope=False, routing_class="accusation")
        services.transfer(
            user,
            petition,
            receiving_body=body,
            letter_number=f"川巡转〔演示〕{index}号",
            sent_on=timezone.localdate(),
        )
    elif step == 2:
        suggested = services.suggest_routing(petition)["routing_class"] or "accusation"
        handled = suggested in ("accusation", "organisation")
        services.triage(
            user,
            petition,
            in_scope=handled,
            routing_class=suggested,
            outcome=PetitionStatus.HANDLED_BY_GROUP if handled else "",
        )
    elif step == 3:
        services.triage(
            user,
            petition,
            in_scope=False,
            routing_class="suggestion",
            outcome=PetitionStatus.FILED_FOR_REFERENCE,
        )
        services.conclude(user, petition, conclusion="已留存备查。")


@transaction.atomic
def load_demo_petitions(per_station=30) -> tuple[int, list[str]]:
    """Returns (number registered now, names of the demo units not found)."""
    user = _office_user()
    stations = list(Station.objects.filter(unit__name__in=DEMO_UNITS).select_related("unit"))
    missing = sorted(set(DEMO_UNITS) - {s.unit.name for s in stations})
    if user is None or not stations:
        return 0, list(DEMO_UNITS)
    body = Unit.objects.filter(name="四川省纪委监委").first()
    now = timezone.now()
    created = 0
    for station in stations:
        existing = set(Petition.objects.filter(station=station).values_list("summary", flat=True))
        for item in _items(station, per_station):
            if item["summary"] in existing:
                continue
            existing.add(item["summary"])
            petition = _register(user, station, item, now)
            _route(petition, user, item["index"], body)
            created += 1
    return created, missing
