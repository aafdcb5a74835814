import pytest
from django.core.exceptions import ImproperlyConfigured

from inspection import env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False), ("", False)],
)
def test_bool_parses_common_spellings(raw, expected):
    assert env.get_bool("DEBUG", env={"DEBUG": raw}) is expected


def test_bool_default_and_bad_value_names_the_variable():
    assert env.get_bool("DEBUG", True, env={}) is True
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.get_bool("DEBUG", env={"DEBUG": "maybe"})


def test_int_and_list():
    assert env.get_int("EMAIL_PORT", 25, env={"EMAIL_PORT": " 587 "}) == 587
    assert env.get_int("EMAIL_PORT", 25, env={}) == 25
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env.get_int("EMAIL_PORT", 25, env={"EMAIL_PORT": "twenty"})
    assert env.get_list("ALLOWED_HOSTS", env={"ALLOWED_HOSTS": "a.example, b.example,,"}) == [
        "a.example",
        "b.example",
    ]
    assert env.get_list("ALLOWED_HOSTS", ("x",), env={}) == ["x"]


def test_database_url_default_is_sqlite_and_postgres_gets_persistent_connections():
    sqlite = env.get_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3", env={})
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/tmp/x.sqlite3"
    pg = env.get_database(
        "DATABASE_URL", "sqlite:///x", env={"DATABASE_URL": "postgres://u:p@db:5433/cases"}
    )
    assert (pg["ENGINE"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql",
        "db",
        5433,
        "cases",
    )
    assert pg["CONN_HEALTH_CHECKS"] is True
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.get_database("DATABASE_URL", "sqlite:///x", env={"DATABASE_URL": "nosuch://x"})


def test_crontab_needs_five_fields():
    assert env.get_crontab("REMINDER_SWEEP_CRON", "0 7 * * *", env={}) == {
        "minute": "0",
        "hour": "7",
        "day_of_month": "*",
        "month_of_year": "*",
        "day_of_week": "*",
    }
    assert env.get_crontab("X", "0 7 * * *", env={"X": "15 6 * * 1-5"})["day_of_week"] == "1-5"
    with pytest.raises(ImproperlyConfigured, match="X"):
        env.get_crontab("X", "0 7 * * *", env={"X": "daily"})
