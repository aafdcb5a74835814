import datetime

import pytest
from django.core import mail

from inspection.notifications import services
from inspection.notifications.models import Digest, Notification, Reminder
from inspection.notifications.rules import CALENDAR_DAYS, DeadlineRule, Tiers, get_rule
from rectification import services as rectification
from tests.rectification.conftest import fed_back_finding

pytestmark = pytest.mark.django_db

D = datetime.date
TIERS = Tiers(before=(7, 1, 0), overdue_every=7, escalate_after=14, overdue_horizon=26)


@pytest.mark.parametrize(
    ("days_left", "tier"),
    [
        (8, None),
        (7, "before-7"),
        (2, "before-7"),
        (1, "before-1"),
        (0, "due"),
        (-3, "due"),
        (-7, "overdue-7"),
        (-13, "overdue-7"),
        (-14, "overdue-14"),
    ],
)
def test_tiers(days_left, tier):
    assert TIERS.tier_for(days_left) == tier


def test_the_sweep_looks_only_at_due_days():
    (low, high), exact = TIERS.offsets()
    assert (low, high) == (-6, 7)
    assert exact[:3] == [-182, -175, -168] and exact[-1] == -7 and -14 in exact
    assert -8 not in exact


def test_day_counter_is_pluggable():
    weekdays_only = CALENDAR_DAYS.__class__(
        shift=lambda day, n: day + datetime.timedelta(days=n),
        between=lambda a, b: sum(
            (a + datetime.timedelta(days=i)).weekday() < 5 for i in range((b - a).days)
        ),
    )
    # Friday to the next Monday is one working day under this counter, three calendar days.
    assert weekdays_only.between(D(2024, 6, 7), D(2024, 6, 10)) == 1
    assert CALENDAR_DAYS.between(D(2024, 6, 7), D(2024, 6, 10)) == 3


@pytest.fixture
def due(world):
    """Item A is due in 7 days; item B is far away; a responsible user with a supervisor."""
    world.liaison_a.email = "liaison_a@example.org"
    world.liaison_a.save()
    world.item_a.deadline = D(2024, 7, 10)
    world.item_a.save()
    return world


def _item_reminders(item):
    return Reminder.objects.filter(rule="rectification.item_deadline", object_id=item.pk)


def test_sweep_twice_creates_each_reminder_once(due):
    first = services.sweep(D(2024, 7, 3))
    counts = (Reminder.objects.count(), Notification.objects.count())
    second = services.sweep(D(2024, 7, 3))
    assert first.notifications == second.notifications > 0
    assert (Reminder.objects.count(), Notification.objects.count()) == counts
    [reminder] = _item_reminders(due.item_a)
    assert reminder.tier == "before-7@20240710"
    assert "整改任务完成时限" in reminder.reason and "2024-07-10" in reminder.reason
    assert due.unit_a.name in reminder.case_label and "选人用人把关不严" in reminder.case_label
    assert list(reminder.notifications.values_list("recipient", flat=True)) == [due.liaison_a.pk]
    assert not _item_reminders(due.item_b).exists()
    # The plan is due on 2024-07-03 (feedback 2024-06-03 + 1 month): its "due" tier.
    plan = Reminder.objects.get(rule="rectification.plan_due", object_id=due.plan_a.pk)
    assert plan.tier == "due@20240703"


def test_tiers_progress_and_escalate(due):
    due.liaison_a.supervisor = due.leader_a
    due.liaison_a.save()
    due.item_a.responsible_user = due.liaison_a
    due.item_a.save()
    for day in (D(2024, 7, 3), D(2024, 7, 9), D(2024, 7, 10), D(2024, 7, 17), D(2024, 7, 24)):
        services.sweep(day)
    tiers = sorted(_item_reminders(due.item_a).values_list("tier", flat=True))
    assert tiers == [
        "before-1@20240710",
        "before-7@20240710",
        "due@20240710",
        "escalated@20240710",
        "overdue-14@20240710",
        "overdue-7@20240710",
    ]
    escalated = _item_reminders(due.item_a).get(tier__startswith="escalated")
    told = set(escalated.notifications.values_list("recipient", flat=True))
    assert told == {due.office.pk, due.leader_a.pk}
    assert "已逾期" in escalated.reason


def test_closing_an_item_stops_its_reminders(due):
    services.sweep(D(2024, 7, 3))
    rectification.report_progress(due.liaison_a, due.item_a, "完成")
    rectification.request_closure(due.liaison_a, due.item_a)
    rectification.approve_closure(due.office, due.item_a, "completed")
    for day in (D(2024, 7, 9), D(2024, 7, 10), D(2024, 7, 17)):
        services.sweep(day)
    assert list(_item_reminders(due.item_a).values_list("tier", flat=True)) == ["before-7@20240710"]


def test_a_supervision_letter_restarts_the_tiers_on_the_new_deadline(due, monkeypatch):
    services.sweep(D(2024, 7, 3))
    monkeypatch.setattr(rectification, "_today", lambda: D(2024, 7, 20))
    rectification.issue_letter(
        due.office, due.station_a, "supervision", [due.item_a], "限期整改", D(2024, 7, 27)
    )
    services.sweep(D(2024, 7, 20))
    assert sorted(_item_reminders(due.item_a).values_list("tier", flat=True)) == [
        "before-7@20240710",
        "before-7@20240727",
    ]


def test_digest_names_each_case_and_reason_once_per_day(due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    extra = fed_back_finding(due.station_a, "意识形态责任制落实不到位")
    rectification.create_item(due.office, extra, measures="专题学习", deadline=D(2024, 7, 4))
    services.sweep(D(2024, 7, 3))
    outcome = services.send_digests(D(2024, 7, 3))
    assert (outcome["sent"], outcome["failed"]) == (1, [])
    assert services.send_digests(D(2024, 7, 3))["sent"] == 0
    [message] = mail.outbox
    assert message.to == ["liaison_a@example.org"]
    body = message.body
    assert "选人用人把关不严" in body and "意识形态责任制落实不到位" in body
    assert "整改任务完成时限将于2024-07-10到期" in body
    assert "整改任务完成时限将于2024-07-04到期" in body
    assert "整改方案报送期限已到期（2024-07-03）" in body
    assert (
        Notification.objects.filter(emailed_at__isnull=True, recipient=due.liaison_a).count() == 0
    )
    # Later the same day: new reminders wait for tomorrow's digest.
    services.sweep(D(2024, 7, 4))
    assert services.send_digests(D(2024, 7, 3))["sent"] == 0
    assert services.send_digests(D(2024, 7, 4))["sent"] == 1
    assert len(mail.outbox) == 2


def test_a_failed_email_is_released_and_retried(due, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.sweep(D(2024, 7, 3))

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    assert services.send_digests(D(2024, 7, 3))["failed"] == [due.liaison_a.pk]
    digest = Digest.objects.get(recipient=due.liaison_a)
    assert (digest.claimed_by, digest.sent_at, digest.attempts) == (None, None, 1)
    monkeypatch.undo()
    assert services.send_digests(D(2024, 7, 3))["sent"] == 1
    assert len(mail.outbox) == 1


def test_inbox_shows_unread_count_and_only_own_notifications(due, client):
    services.sweep(D(2024, 7, 3))
    client.force_login(due.liaison_a)
    page = client.get("/inbox/")
    assert page.status_code == 200
    mine = Notification.objects.filter(recipient=due.liaison_a)
    assert {n.pk for n in page.context["object_list"]} == set(mine.values_list("pk", flat=True))
    assert f'aria-label="未读">{mine.count()}<' in page.content.decode()
    client.post("/inbox/read/")
    assert not Notification.objects.filter(recipient=due.liaison_a, read_at__isnull=True).exists()
    client.force_login(due.liaison_b)
    theirs = {n.recipient_id for n in client.get("/inbox/").context["object_list"]}
    assert theirs == {due.liaison_b.pk}


def test_other_apps_deadlines_are_registered():
    for key in (
        "findings.lead_report_back",
        "petitions.routing",
        "petitions.transfer_reply",
        "tours.petition_cutoff",
        "rectification.plan_due",
        "rectification.report_due",
    ):
        assert isinstance(get_rule(key), DeadlineRule)


def test_lead_transfer_and_cutoff_rules(users):
    from findings.models import Lead, LeadStatus
    from petitions.models import Petition, Transfer

    users.official_a.email = "o@example.org"
    users.official_a.save()
    lead = Lead.objects.create(
        station=users.station_a,
        person_name="某某",
        receiving_body=users.body_a,
        status=LeadStatus.HANDED_OVER,
        handed_over_on=D(2024, 4, 10),
        report_back_due_on=D(2024, 7, 10),
    )
    done = Lead.objects.create(
        station=users.station_a,
        person_name="某乙",
        receiving_body=users.body_a,
        report_back_due_on=D(2024, 7, 10),
        reported_back_on=D(2024, 7, 1),
    )
    petition = Petition.objects.create(
        station=users.station_a,
        number="X-1",
        channel="hotline",
        received_at="2024-06-01T09:00:00+08:00",
        summary="s",
        routing_due_on=D(2024, 7, 4),
    )
    transfer = Transfer.objects.create(
        petition=petition,
        receiving_body=users.body_a,
        sent_on=D(2024, 6, 5),
        reply_due_on=D(2024, 7, 3),
    )
    services.sweep(D(2024, 7, 3))
    rules = dict(Reminder.objects.values_list("rule", "object_id"))
    assert rules["findings.lead_report_back"] == lead.pk
    assert rules["petitions.transfer_reply"] == transfer.pk
    assert rules["petitions.routing"] == petition.pk
    assert not Reminder.objects.filter(rule="findings.lead_report_back", object_id=done.pk)
    told = Notification.objects.filter(reminder__rule="petitions.routing")
    assert set(told.values_list("recipient", flat=True)) == {users.leader_a.pk, users.deputy_a.pk}
    # The cut-off of 2024-04-20 on site: reminded a week before, not after it passed.
    services.sweep(D(2024, 4, 13))
    services.sweep(D(2024, 4, 27))
    cutoffs = Reminder.objects.filter(rule="tours.petition_cutoff")
    assert sorted(cutoffs.values_list("object_id", "tier")) == [
        (users.station_a.pk, "before-7@20240420"),
        (users.station_b.pk, "before-7@20240420"),
    ]


def test_beat_schedule_runs_the_tasks_in_process(
    due, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from celery import current_app

    # Embedded mode, even when the suite runs with a broker configured.
    monkeypatch.setitem(current_app.conf, "task_always_eager", True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"notifications.run_reminder_sweep", "notifications.send_daily_digests"} <= names
    task = current_app.tasks["notifications.run_reminder_sweep"]
    with django_capture_on_commit_callbacks(execute=True):
        task.apply(kwargs={"today": "2024-07-03"})
    assert _item_reminders(due.item_a).count() == 1
    # The digest was queued after commit and ran in process (eager in embedded mode).
    assert [m.to for m in mail.outbox] == [["liaison_a@example.org"]]


def _sweep_queries(day):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = services.sweep(day)
    return len(queries), result.selected


def test_sweep_queries_do_not_grow_with_due_objects(due):
    few, selected = _sweep_queries(D(2024, 7, 3))
    for n in range(20):
        finding = fed_back_finding(due.station_a, f"问题{n}")
        rectification.create_item(due.office, finding, measures="措施", deadline=D(2024, 7, 9))
    # Far-away deadlines are never read.
    for n in range(20):
        finding = fed_back_finding(due.station_b, f"远期问题{n}")
        rectification.create_item(due.office, finding, measures="措施", deadline=D(2025, 7, 1))
    many, selected_now = _sweep_queries(D(2024, 7, 3))
    assert selected_now == selected + 20
    assert many == few


def test_a_late_first_reminder_says_overdue(due):
    services.sweep(D(2024, 7, 13))
    [reminder] = _item_reminders(due.item_a)
    assert reminder.tier == "due@20240710"
    assert reminder.reason == "整改任务完成时限已逾期（期限2024-07-10）"
