"""Backup (pg_dump) and restore (pg_restore) on PostgreSQL, into a scratch database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from inspection import crypto
from inspection.backup import count_rows
from tests.ops.backup_data import PHONES, check_media, seed

ROOT = Path(__file__).resolve().parents[2]


def _conninfo(db, name):
    return psycopg.conninfo.make_conninfo(
        dbname=name,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    )


@pytest.fixture
def scratch_database():
    """An empty database next to the test database, dropped afterwards."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(_conninfo(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore(database, media_root, *args):
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or ''}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}@"
    url += f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DEBUG="1", DATABASE_URL=url, MEDIA_ROOT=str(media_root))
    return subprocess.run(
        [sys.executable, "manage.py", "restore", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_postgres_database(settings, tmp_path, scratch_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    folder = tmp_path / "backup"
    call_command("backup", str(folder), verbosity=0)

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql"
    assert sorted(manifest["files"]) == [
        "database.dump",
        "media/findings/photo.jpg",
        "media/petitions/1/letter.pdf",
    ]
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # custom format
    with connection.cursor() as cursor:
        source_counts = count_rows(cursor)
    assert manifest["counts"] == source_counts
    assert manifest["counts"]["petitions.ReporterIdentity"] == len(PHONES)

    restored = _restore(scratch_database, tmp_path / "restored-media", str(folder))
    assert restored.returncode == 0, restored.stderr
    scratch = _conninfo(connection.settings_dict, scratch_database)
    with psycopg.connect(scratch) as db, db.cursor() as cursor:
        assert count_rows(cursor) == source_counts
        cursor.execute("SELECT phone_enc FROM petitions_reporteridentity ORDER BY id")
        assert [crypto.decrypt(token) for (token,) in cursor.fetchall()] == PHONES
        cursor.execute("SELECT bigrams('王建国')")  # the search function came along
    check_media(tmp_path / "restored-media")

    refused = _restore(scratch_database, tmp_path / "empty-media", str(folder))
    assert refused.returncode != 0 and "--force" in refused.stderr
    forced = _restore(scratch_database, tmp_path / "restored-media", str(folder), "--force")
    assert forced.returncode == 0, forced.stderr
    with psycopg.connect(scratch) as db, db.cursor() as cursor:
        assert count_rows(cursor) == source_counts
