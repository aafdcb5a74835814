"""Reveals: a purpose from the office's list, an explanation in words, supervisors told,
a daily limit, and a report the office filters and exports."""

import datetime
import importlib
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from inspection.accounts.models import Role
from inspection.notifications.models import Notification
from petitions import reveals
from petitions.models import RevealLog, RevealReason
from petitions.reveals import seed_default_reasons
from tests.petitions.helpers import register
from tests.support.factories import make_user

REPORTER = {"name": "欧阳晓明", "phone": "13912345678"}
SEEDED = ["核实举报内容需联系举报人", "实名举报答复", "举报人保护需要", "上级机关调阅"]


@pytest.fixture(autouse=True)
def reasons(db):
    seed_default_reasons()  # a transactional test elsewhere may have flushed the seed


@pytest.fixture
def named(users):
    return register(users.office, users.station_a, reporter=REPORTER)


def purpose(name="实名举报答复"):
    return RevealReason.objects.get(name=name)


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _reveal(user, petition, reason="约谈前核对身份", name="实名举报答复"):
    return _api(user).post(
        f"/api/v1/petitions/{petition.pk}/reveal/", {"purpose": purpose(name).pk, "reason": reason}
    )


@pytest.mark.django_db
def test_the_office_list_is_seeded_and_offered(users, named):
    migration = importlib.import_module("petitions.migrations.0006_reveal_reasons")
    assert list(migration.SEEDED) == SEEDED == list(reveals.DEFAULT_REASONS)
    assert list(RevealReason.objects.active().values_list("name", flat=True)) == SEEDED
    page = Client()
    page.force_login(users.leader_a)
    html = page.get(f"/petitions/{named.pk}/reveal/").content.decode()
    for name in SEEDED:
        assert name in html
    listed = _api(users.leader_a).get("/api/v1/reveal-reasons/").json()
    assert [row["name"] for row in listed["results"]] == SEEDED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reason",
    [
        "....",
        "。。。。！！",
        "\u200b\u200b\u200b\u200b",  # zero-width spaces
        "\u200b查\u200b看\u200b",  # two letters padded with invisible ones
        "\u3000\u3000\u3000\u3000",  # ideographic spaces
        "1234 5678",
        "a b c",
        "核实",
    ],
)
def test_reasons_without_four_letters_are_refused(users, named, reason):
    response = _reveal(users.leader_a, named, reason=reason)
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert "欧阳晓明" not in response.content.decode()
    # The service itself counts only letters, whatever reached it.
    with pytest.raises(ValidationError) as refused:
        reveals.reveal_identity(users.leader_a, named, purpose(), reason)
    assert "reason" in refused.value.message_dict
    assert not RevealLog.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_letters_of_any_script_count(users, named):
    assert reveals.meaningful_length("约谈，核实！") == 4
    assert reveals.meaningful_length("call back") == 8
    assert _reveal(users.leader_a, named, reason="核实…身份").status_code == 200


@pytest.mark.django_db
def test_a_purpose_from_the_list_is_required(users, named):
    missing = _api(users.leader_a).post(
        f"/api/v1/petitions/{named.pk}/reveal/", {"reason": "约谈前核对身份"}
    )
    assert missing.status_code == 400 and "purpose" in missing.json()["fields"]
    retired = purpose("上级机关调阅")
    reveals.set_reveal_reason_active(users.office, retired, active=False)
    refused = _reveal(users.leader_a, named, name="上级机关调阅")
    assert refused.status_code == 400 and "purpose" in refused.json()["fields"]
    assert not RevealLog.objects.exists()
    ok = _reveal(users.leader_a, named)
    assert ok.status_code == 200
    log = RevealLog.objects.get()
    assert (log.purpose.name, log.reason) == ("实名举报答复", "约谈前核对身份")


@pytest.mark.django_db
def test_every_reveal_reaches_the_supervisors_inbox(users, named):
    chief = make_user(Role.OFFICE, username="chief")
    Group.objects.get_or_create(name="举报人保护监督")[0].user_set.add(chief)
    users.leader_a.supervisor = users.office
    users.leader_a.save()

    assert _reveal(users.leader_a, named).status_code == 200
    log = RevealLog.objects.get()
    told = Notification.objects.filter(reminder__rule="reveal", reminder__object_id=log.pk)
    assert {n.recipient for n in told} == {users.office, chief}
    # The office member revealing is told nothing about themself; the chief is.
    assert _reveal(users.office, named).status_code == 200
    log = RevealLog.objects.latest("id")
    told = Notification.objects.filter(reminder__rule="reveal", reminder__object_id=log.pk)
    assert {n.recipient for n in told} == {chief}

    page = Client()
    page.force_login(chief)
    inbox = page.get("/inbox/").content.decode()
    assert f"{named.number} 举报人信息被查看" in inbox
    assert "（事由：实名举报答复）" in inbox
    assert "欧阳晓明" not in inbox


@pytest.mark.django_db
def test_without_a_named_supervisor_all_office_staff_are_told(users, named):
    other = make_user(Role.OFFICE, username="office2")
    assert _reveal(users.deputy_a, named).status_code == 200
    told = Notification.objects.filter(reminder__rule="reveal")
    assert {n.recipient for n in told} == {users.office, other}


@pytest.mark.django_db
def test_daily_limit_blocks_and_alerts_once(users, named, settings):
    settings.REVEAL_DAILY_LIMIT = 2
    assert _reveal(users.leader_a, named).status_code == 200
    assert _reveal(users.leader_a, named, reason="再次核对联系方式").status_code == 200
    for _attempt in range(2):
        blocked = _reveal(users.leader_a, named, reason="第三次核对联系方式")
        assert blocked.status_code == 403
        assert "上限" in blocked.json()["message"]
        assert "欧阳晓明" not in blocked.content.decode()
    assert RevealLog.objects.count() == 2
    alerts = Notification.objects.filter(reminder__rule="reveal-limit")
    assert [n.recipient for n in alerts] == [users.office]
    assert "已达 2 次" in alerts.get().reminder.reason
    # The page says so too; others are not held up; yesterday's reveals do not count.
    page = Client()
    page.force_login(users.leader_a)
    response = page.post(
        f"/petitions/{named.pk}/reveal/", {"purpose": purpose().pk, "reason": "页面再次查看"}
    )
    assert response.status_code == 403
    assert "您今日查看举报人信息已达上限" in response.content.decode()
    assert "欧阳晓明" not in response.content.decode()
    assert _reveal(users.deputy_a, named).status_code == 200
    RevealLog.objects.filter(user=users.leader_a).update(
        revealed_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert _reveal(users.leader_a, named).status_code == 200


@pytest.fixture
def report(users):
    """Reveals by two users, on two stations, on two days."""
    a = register(users.office, users.station_a, reporter=REPORTER)
    b = register(users.office, users.station_b, "反映某集团违规发放津贴", reporter=REPORTER)
    reveals.reveal_identity(users.leader_a, a, purpose(), "约谈前核对身份")
    reveals.reveal_identity(users.office, b, purpose("上级机关调阅"), "省纪委调阅材料")
    old = reveals.reveal_identity(users.office, a, purpose(), '=HYPERLINK("x") 核实身份')
    assert old
    RevealLog.objects.filter(user=users.office, petition=a).update(
        revealed_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 10))
    )
    return a, b


def _explanations(client, query):
    response = client.get(f"/petitions/reveal-log/?{query}")
    assert response.status_code == 200
    return sorted(log.reason for log in response.context["object_list"])


@pytest.mark.django_db
def test_report_filters_by_user_station_and_dates(users, report):
    page = Client()
    page.force_login(users.office)
    assert len(_explanations(page, "")) == 3
    assert _explanations(page, f"user={users.leader_a.pk}") == ["约谈前核对身份"]
    assert _explanations(page, f"station={users.station_b.pk}") == ["省纪委调阅材料"]
    assert _explanations(page, "date_from=2024-05-01&date_to=2024-05-31") == [
        '=HYPERLINK("x") 核实身份'
    ]
    today = timezone.localdate().isoformat()
    assert len(_explanations(page, f"date_from={today}")) == 2
    html = page.get("/petitions/reveal-log/").content.decode()
    assert "上级机关调阅" in html and "举报人身份" in html

    api = _api(users.office)
    rows = api.get(f"/api/v1/reveal-logs/?station={users.station_a.pk}").json()["results"]
    assert {row["reason"] for row in rows} == {"约谈前核对身份", '=HYPERLINK("x") 核实身份'}
    assert {row["purpose_name"] for row in rows} == {"实名举报答复"}


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="reveal-log-')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_report_exports_with_its_filters(users, report):
    _a, b = report
    page = Client()
    page.force_login(users.office)
    rows = _sheet(page.get("/petitions/reveal-log/export/"))
    assert rows[0][:4] == ["查看时间", "查看人", "姓名", "信访件"]
    assert len(rows) == 4
    rows = _sheet(page.get(f"/petitions/reveal-log/export/?station={users.station_b.pk}"))
    assert len(rows) == 2
    assert rows[1][3] == b.number and rows[1][7] == "上级机关调阅"
    assert rows[1][8] == "省纪委调阅材料"
    rows = _sheet(page.get(f"/petitions/reveal-log/export/?user={users.leader_a.pk}"))
    assert [row[1] for row in rows[1:]] == ["leader_a"]
    # Only office staff read the report: others export an empty sheet.
    page.force_login(users.leader_a)
    assert len(_sheet(page.get("/petitions/reveal-log/export/"))) == 1


@pytest.mark.django_db
def test_office_keeps_the_list_of_purposes(users, named):
    page = Client()
    page.force_login(users.office)
    added = page.post("/petitions/reveal-reasons/", {"name": "纪检监察机关商请核实"})
    assert added.status_code == 302
    assert RevealReason.objects.get(name="纪检监察机关商请核实").is_active
    refused = page.post("/petitions/reveal-reasons/", {"name": "……"})
    assert refused.status_code == 200 and RevealReason.objects.count() == 5
    retired = purpose("上级机关调阅")
    page.post("/petitions/reveal-reasons/", {"toggle": retired.pk, "active": "0"})
    retired.refresh_from_db()
    assert not retired.is_active
    page.force_login(users.leader_a)
    form = page.get(f"/petitions/{named.pk}/reveal/").content.decode()
    assert "纪检监察机关商请核实" in form and "上级机关调阅" not in form
    # Only office staff keep it.
    assert page.get("/petitions/reveal-reasons/").status_code == 403
    assert page.post("/petitions/reveal-reasons/", {"name": "组长自定事由"}).status_code == 403
    assert not RevealReason.objects.filter(name="组长自定事由").exists()
