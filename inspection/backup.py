"""Backups of the database and the uploaded files, and their restore (docs/operations.md).

A backup is a folder: the database (`database.dump`, pg_dump's custom format, on PostgreSQL;
`database.sqlite3`, copied with SQLite's online backup API, in embedded mode), `media/` (a
copy of MEDIA_ROOT) and `manifest.json` (time, application version and commit, engine, the
row count of every table and the SHA-256 of every file). On PostgreSQL the counts are taken in
the snapshot pg_dump dumps, so they describe exactly what the dump holds.

A restore checks every hash first, refuses a database or MEDIA_ROOT that is not empty (unless
forced), restores both and compares the row counts with the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1


class BackupError(Exception):
    pass


# ------------------------------------------------------------------------------- backup


def backup(dest) -> dict:
    """Write a backup into the folder `dest` (created; must not hold anything yet)."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty folder.")
    engine = _engine()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        database = dest / DATABASE_FILE[engine]
        dump = _dump_postgresql if engine == "postgresql" else _copy_sqlite
        counts = dump(database)
        _copy_media(Path(settings.MEDIA_ROOT), dest / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "app": _app_version(),
            "engine": engine,
            "database": DATABASE_FILE[engine],
            "migrations": _latest_migrations(),
            "counts": counts,
            "files": {rel: _sha256(dest / rel) for rel in _files(dest)},
        }
        _write_json(dest / MANIFEST, manifest)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)  # never leave half a backup behind
        raise
    return manifest


def _engine() -> str:
    if connection.vendor not in DATABASE_FILE:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _dump_postgresql(path: Path) -> dict:
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump dumps this transaction's snapshot, so the counts match the dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
            connection.settings_dict,
        )
    return counts


def _copy_sqlite(path: Path) -> dict:
    connection.ensure_connection()
    # The online backup API copies a consistent state even while the database is in use.
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        return count_rows(copy.cursor())
    finally:
        copy.close()


def _copy_media(media_root: Path, target: Path):
    if media_root.is_dir():
        shutil.copytree(media_root, target)
    else:
        target.mkdir()


def _app_version() -> dict:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    try:
        commit = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:  # no git in the image
        commit = ""
    return {"name": project["name"], "version": project["version"], "commit": commit or None}


def _latest_migrations() -> dict:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


# ------------------------------------------------------------------------------ restore


def verify(src) -> dict:
    """The backup's manifest, after checking every file against its hash (or BackupError)."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src / MANIFEST} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is not a manifest of backup format {FORMAT}.")
    engine, listed = manifest.get("engine"), manifest.get("files")
    if manifest.get("database") != DATABASE_FILE.get(engine) or not isinstance(listed, dict):
        raise BackupError(f"{src / MANIFEST} names no database file or no files.")
    present = set(_files(src))
    problems = [f"missing: {rel}" for rel in sorted(set(listed) - present)]
    problems += [f"not in the manifest: {rel}" for rel in sorted(present - set(listed))]
    problems += [
        f"hash differs: {rel}"
        for rel in sorted(set(listed) & present)
        if _sha256(src / rel) != listed[rel]
    ]
    if problems:
        raise BackupError("The backup does not match its manifest: " + "; ".join(problems))
    return manifest


def restore(src, *, force: bool = False) -> tuple[dict, dict]:
    """Restore a verified backup into this database and MEDIA_ROOT; (manifest, counts)."""
    src = Path(src)
    manifest = verify(src)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"This is a {manifest['engine']} backup; the database is {engine}.")
    tables = connection.introspection.table_names()
    media_root = Path(settings.MEDIA_ROOT)
    media_used = media_root.is_dir() and any(media_root.iterdir())
    if not force and (tables or media_used):
        what = []
        if tables:
            what.append(f"the database {connection.settings_dict['NAME']} has {len(tables)} tables")
        if media_used:
            what.append(f"{media_root} is not empty")
        raise BackupError(" and ".join(what) + "; restore into empty ones, or use --force.")
    database = src / manifest["database"]
    if engine == "postgresql":
        connection.close()
        args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if tables:
            args += ["--clean", "--if-exists"]
        _run([*args, str(database)], connection.settings_dict)
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(database)
        try:
            copy.backup(connection.connection)  # replaces the whole database
        finally:
            copy.close()
    media_root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / MEDIA, media_root, dirs_exist_ok=True)
    with connection.cursor() as cursor:
        counts = count_rows(cursor)
    if counts != manifest["counts"]:
        differ = sorted(k for k in manifest["counts"] if counts.get(k) != manifest["counts"][k])
        raise BackupError(f"Restored, but the row counts differ from the manifest: {differ}")
    return manifest, counts


# ------------------------------------------------------------------------------ shared


def count_rows(cursor) -> dict:
    """{"app_label.Model": rows} for every table the models own."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.setdefault(model._meta.db_table, model._meta.label)
    counts = {}
    for table, label in sorted(tables.items(), key=lambda item: item[1]):
        quoted = table.replace('"', '""')
        cursor.execute(f'SELECT COUNT(*) FROM "{quoted}"')
        counts[label] = cursor.fetchone()[0]
    return counts


def _run(args: list[str], db: dict):
    """Run pg_dump/pg_restore against the configured database (password via the environment)."""
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    target = ["--no-password", f"--dbname={db['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            target.append(f"{flag}={db[key]}")
    result = subprocess.run([*args, *target], env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _files(root: Path) -> list[str]:
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).as_posix() != MANIFEST
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: dict):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    tmp.replace(path)
