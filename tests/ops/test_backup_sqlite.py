"""Backup and restore in embedded mode (SQLite), as the operator runs them."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from inspection import crypto
from inspection.backup import count_rows
from tests.ops.backup_data import PHONES, check_media

ROOT = Path(__file__).resolve().parents[2]


def _manage(data_dir, *args, check=True):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="1", DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="inspection.settings")
    env.pop("MEDIA_ROOT", None)
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_backup_then_restore_into_an_empty_embedded_database(tmp_path):
    source, target, folder = tmp_path / "source", tmp_path / "target", tmp_path / "backup"
    _manage(source, "manage.py", "migrate", "--noinput")
    seed = "import django; django.setup(); from tests.ops.backup_data import seed; seed()"
    _manage(source, "-c", seed)
    _manage(source, "manage.py", "backup", str(folder))

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and manifest["app"]["version"]
    assert set(manifest["files"]) == {
        "database.sqlite3",
        "media/petitions/1/letter.pdf",
        "media/findings/photo.jpg",
    }
    with sqlite3.connect(source / "inspection.sqlite3") as db:
        source_counts = count_rows(db.cursor())
    assert manifest["counts"] == source_counts
    assert manifest["counts"]["petitions.ReporterIdentity"] == len(PHONES)

    restored = _manage(target, "manage.py", "restore", str(folder))
    assert "行与清单相符" in restored.stdout
    with sqlite3.connect(target / "inspection.sqlite3") as db:
        assert count_rows(db.cursor()) == source_counts
        tokens = db.execute("SELECT phone_enc FROM petitions_reporteridentity ORDER BY id")
        assert [crypto.decrypt(t) for (t,) in tokens] == PHONES
    check_media(target / "media")

    # A second restore over the now populated database is refused...
    again = _manage(target, "manage.py", "restore", str(folder), check=False)
    assert again.returncode != 0 and "--force" in again.stderr
    # ...and so is a backup whose files no longer match the manifest, before anything changes.
    (folder / "media/findings/photo.jpg").write_bytes(b"altered")
    tampered = _manage(tmp_path / "third", "manage.py", "restore", str(folder), check=False)
    assert tampered.returncode != 0 and "hash differs: media/findings/photo.jpg" in tampered.stderr
    assert not (tmp_path / "third/media").exists()
