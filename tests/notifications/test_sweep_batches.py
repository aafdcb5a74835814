"""The sweep commits batch by batch and continues after a crash; digests and their recipients."""

import datetime
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from inspection.notifications import services, tasks
from inspection.notifications.models import Digest, Notification, Reminder, SweepRun
from rectification import services as rectification
from tests.rectification.conftest import fed_back_finding

D = datetime.date
TODAY = D(2024, 7, 3)


@pytest.fixture
def many_due(world):
    """Six items of station A due in the week ahead, plus the two plans due today."""
    world.liaison_a.email = "liaison_a@example.org"
    world.liaison_a.save()
    world.items = [world.item_a]
    world.item_a.deadline = D(2024, 7, 10)
    world.item_a.save()
    for n in range(5):
        finding = fed_back_finding(world.station_a, f"问题{n}")
        deadline = D(2024, 7, 5)
        item = rectification.create_item(world.office, finding, measures="措施", deadline=deadline)
        world.items.append(item)
    return world


def _keys():
    return sorted(Reminder.objects.values_list("rule", "object_id", "tier"))


def _notification_keys():
    return sorted(Notification.objects.values_list("reminder__rule", "reminder__object_id"))


@pytest.mark.django_db(transaction=True)
def test_a_crashed_sweep_keeps_its_committed_batches_and_a_rerun_continues(many_due, monkeypatch):
    # What a sweep that never fails produces, for comparison (then wiped).
    services.sweep(TODAY, batch_size=2)
    expected, expected_notifications = _keys(), _notification_keys()
    assert len(expected) == 8  # six items and two plans
    Reminder.objects.all().delete()
    SweepRun.objects.all().delete()

    real_store, calls = services._store, []

    def dies_on_the_third_batch(planned):
        calls.append(len(planned))
        if len(calls) == 3:
            raise ConnectionError("server closed the connection")
        return real_store(planned)

    monkeypatch.setattr(services, "_store", dies_on_the_third_batch)
    with pytest.raises(ConnectionError):
        services.sweep(TODAY, batch_size=2)
    # Two batches were committed (four reminders), the third rolled back entirely.
    committed = _keys()
    assert len(committed) == 4 and set(committed) < set(expected)
    run = SweepRun.objects.get(day=TODAY)
    assert run.finished_at is None and run.batches == 2 and run.selected == 4
    assert (run.rule, run.after_id) == max((r, o) for r, o, _t in committed)

    monkeypatch.setattr(services, "_store", real_store)
    rerun = services.sweep(TODAY, batch_size=2)
    # The rerun read only what the first did not commit, and finished the day.
    assert rerun.finished and rerun.selected == 4
    assert _keys() == expected and _notification_keys() == expected_notifications
    run.refresh_from_db()
    assert run.finished_at is not None and run.runs == 2 and run.selected == 8


@pytest.mark.django_db
def test_a_sweep_on_a_budget_stops_between_batches_and_the_next_call_continues(many_due):
    calls = []
    while True:
        result = services.sweep(TODAY, batch_size=3, budget=0)
        calls.append(result)
        assert result.batches == 1  # a budget of 0 s still commits one batch per call
        if result.finished:
            break
    assert len(calls) == 3  # 3 + 3 items, then the two plans
    assert sum(c.selected for c in calls) == 8 and len(_keys()) == 8
    assert SweepRun.objects.get(day=TODAY).finished_at is not None
    # A finished day swept again adds nothing (the beat or a redelivered message).
    again = services.sweep(TODAY, batch_size=3)
    assert again.finished and again.selected == 8 and len(_keys()) == 8


@pytest.mark.django_db
def test_the_task_hands_the_rest_on_and_skips_a_finished_day(
    many_due, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REMINDER_SWEEP_BATCH = 3
    settings.REMINDER_TASK_BUDGET = 0
    queued = []
    monkeypatch.setattr(
        tasks.run_reminder_sweep, "apply_async", lambda **kw: queued.append(("sweep", kw))
    )
    monkeypatch.setattr(
        tasks.send_daily_digests, "apply_async", lambda **kw: queued.append(("digest", kw))
    )
    first = tasks.run_reminder_sweep.apply(kwargs={"today": "2024-07-03"}).get()
    assert first["finished"] is False and first["batches"] == 1
    assert queued == [("sweep", {"kwargs": {"today": "2024-07-03"}})]
    result = first
    with django_capture_on_commit_callbacks(execute=True):
        while not result["finished"]:
            kind, options = queued.pop()
            assert kind == "sweep"
            result = tasks.run_reminder_sweep.apply(**options).get()
    assert queued == [("digest", {"kwargs": {"day": "2024-07-03"}})]
    assert len(_keys()) == 8
    queued.clear()
    done = tasks.run_reminder_sweep.apply(kwargs={"today": "2024-07-03"}).get()
    assert done == {"day": "2024-07-03", "finished": True, "batches": 0} and not queued


def _consumer(*queues):
    queues = [SimpleNamespace(name=q) for q in queues]
    app = SimpleNamespace(conf=SimpleNamespace(task_default_queue="celery"))
    return SimpleNamespace(task_consumer=SimpleNamespace(queues=queues), app=app)


@pytest.mark.django_db
def test_a_starting_worker_requeues_an_unfinished_sweep_of_the_last_scheduled_day(
    settings, monkeypatch
):
    settings.CELERY_BEAT_SCHEDULE = {
        "reminder-sweep": {
            "task": "notifications.run_reminder_sweep",
            "schedule": crontab(minute="0", hour="7"),
        }
    }
    at_six = timezone.localtime().replace(hour=6, minute=0)
    assert tasks.last_scheduled_sweep_day(at_six) == at_six.date() - datetime.timedelta(days=1)
    assert tasks.last_scheduled_sweep_day(at_six.replace(hour=7)) == at_six.date()
    day = tasks.last_scheduled_sweep_day()
    queued = []
    monkeypatch.setattr(tasks.run_reminder_sweep, "apply_async", lambda **kw: queued.append(kw))
    tasks.recover_sweep(sender=_consumer("private-queue"))
    assert queued == []  # not this worker's sweep: beat sends it to the default queue
    SweepRun.objects.create(day=day)  # started, killed before it finished
    tasks.recover_sweep(sender=_consumer("celery"))
    assert queued == [{"kwargs": {"today": day.isoformat()}, "queue": "celery"}]
    SweepRun.objects.filter(day=day).update(finished_at=timezone.now())
    tasks.recover_sweep(sender=_consumer("celery"))
    assert len(queued) == 1


# ---- digests -----------------------------------------------------------------------------


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


@pytest.mark.django_db
def test_a_notification_that_missed_its_digest_goes_into_the_next_one(many_due, mailbox):
    services.sweep(TODAY)
    assert services.send_digests(TODAY)["sent"] == 1
    # Later that day a new item falls due and a sweep notifies the liaison again.
    late = fed_back_finding(many_due.station_a, "晚到的问题")
    rectification.create_item(many_due.office, late, measures="措施", deadline=D(2024, 7, 4))
    services.sweep(TODAY)
    missed = Notification.objects.get(reminder__case_label__contains="晚到的问题")
    assert services.send_digests(TODAY)["sent"] == 0  # one digest a day
    missed.refresh_from_db()
    assert missed.emailed_at is None  # not marked as mailed
    # The next day's digest carries it, even with nothing new that day.
    assert services.send_digests(TODAY + datetime.timedelta(days=1))["sent"] == 1
    assert len(mailbox) == 2
    assert "晚到的问题" in mailbox[1].body and "问题0" not in mailbox[1].body
    missed.refresh_from_db()
    assert missed.emailed_at is not None


@pytest.mark.django_db
def test_the_digest_waits_while_the_days_sweep_is_running(many_due, mailbox):
    services.sweep(TODAY, batch_size=3, budget=0)  # one batch committed, the rest to do
    outcome = services.send_digests(TODAY)
    assert outcome["deferred"] and outcome["sent"] == 0 and not mailbox
    assert not Digest.objects.exists()
    while not services.sweep(TODAY, batch_size=3, budget=0).finished:
        pass
    assert services.send_digests(TODAY)["sent"] == 1
    # One email with the whole day: six items and the plan.
    assert mailbox[0].body.count("——") == 7
    # A sweep that stopped making progress long ago no longer holds the digest back.
    SweepRun.objects.create(day=TODAY + datetime.timedelta(days=1))
    SweepRun.objects.filter(day=TODAY + datetime.timedelta(days=1)).update(
        updated_at=timezone.now() - services.SWEEP_STALL - datetime.timedelta(minutes=1)
    )
    assert not services.send_digests(TODAY + datetime.timedelta(days=1))["deferred"]


@pytest.mark.django_db
def test_users_without_an_address_are_listed_to_the_office_and_mailed_once_they_have_one(
    many_due, mailbox, client
):
    no_address = many_due.liaison_b  # told about plan B; no email address
    assert not no_address.email
    services.sweep(TODAY)
    services.send_digests(TODAY)
    assert [m.to for m in mailbox] == [["liaison_a@example.org"]]
    pending = Notification.objects.filter(recipient=no_address)
    assert pending.count() == 1 and pending.filter(emailed_at__isnull=True).count() == 1

    client.force_login(many_due.office)
    page = client.get("/inbox/unmailed/")
    assert page.status_code == 200
    listed = {person.pk: person.unmailed for person in page.context["object_list"]}
    assert listed[no_address.pk] == 1 and many_due.liaison_a.pk not in listed
    assert no_address.username in page.content.decode()
    inbox = client.get("/inbox/").content.decode()
    assert f"{len(listed)} 位用户未登记电子邮箱" in inbox and "/inbox/unmailed/" in inbox
    # Nobody else sees the list (it names people across the office).
    client.force_login(many_due.liaison_a)
    assert client.get("/inbox/unmailed/").status_code == 404
    assert "未登记电子邮箱" not in client.get("/inbox/").content.decode()

    # An address is entered: the next digest mails what waited, and the list is empty.
    no_address.email = "liaison_b@example.org"
    no_address.save()
    assert services.send_digests(TODAY)["sent"] == 0  # today's was done for this person
    assert services.send_digests(TODAY + datetime.timedelta(days=1))["sent"] == 1
    assert mailbox[-1].to == ["liaison_b@example.org"] and "整改方案" in mailbox[-1].body
    assert not services.unmailed_recipients().filter(pk=no_address.pk).exists()


# ---- settings ----------------------------------------------------------------------------


def _celery_setting(env):
    code = (
        "import django; django.setup(); from inspection.celery import app; "
        "print(app.conf.broker_transport_options['visibility_timeout'], app.conf.task_time_limit)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    clean |= {"DJANGO_SETTINGS_MODULE": "inspection.settings", "DEBUG": "1", **env}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return tuple(int(v) for v in out.stdout.split())


def test_the_visibility_timeout_follows_the_task_time_limits_and_can_be_overridden():
    visibility, limit = _celery_setting({})
    assert limit == 30 and visibility == 120  # retry delay 30 + hard limit 30 + 60
    assert _celery_setting({"CELERY_TASK_TIME_LIMIT": "100"}) == (190, 100)
    assert _celery_setting({"CELERY_VISIBILITY_TIMEOUT": "77"})[0] == 77
