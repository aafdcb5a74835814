"""Static files collected with one DATA_DIR serve the login page with another (production)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings

# Run in a fresh interpreter: under pytest the settings use plain storage, not the manifest.
SERVE_LOGIN = """
import json, re, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
page = client.get("/login/", secure=True)
css = re.search(r'<link rel="stylesheet" href="([^"]+)"', page.content.decode()).group(1)
sheet = client.get(css, secure=True)
print(json.dumps({
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "page": page.status_code,
    "css": css,
    "css_status": sheet.status_code,
    "css_body": b"".join(sheet.streaming_content)[:200].decode("utf-8", "replace"),
}))
"""


def _production(data_dir, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "STATIC_ROOT")
        and not key.startswith(("PYTEST", "DJANGO"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "inspection.settings",
        "DEBUG": "0",
        "SECRET_KEY": "static-test-secret-key-not-the-development-one",
        "FIELD_ENCRYPTION_KEY": "c3RhdGljLXRlc3QtZmllbGQta2V5LTMyLWJ5dGVzISE=",
        "DATA_DIR": str(data_dir),
        **extra,
    }


def _python(code_or_args, env):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    result = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_static_root_does_not_follow_data_dir(tmp_path):
    code = "from django.conf import settings; print(settings.STATIC_ROOT)"
    roots = {_python(code, _production(tmp_path / name)).strip() for name in ("a", "b")}
    assert roots == {str(settings.BASE_DIR / "staticfiles")}


def test_collected_with_one_data_dir_served_with_another(tmp_path):
    static_root = tmp_path / "collected"
    _python(
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
        _production(tmp_path / "build", STATIC_ROOT=str(static_root)),
    )
    assert (static_root / "staticfiles.json").exists()
    assert not (tmp_path / "build" / "static").exists()

    served = json.loads(
        _python(SERVE_LOGIN, _production(tmp_path / "run", STATIC_ROOT=str(static_root)))
    )
    assert served["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert served["page"] == 200
    # The manifest's hashed name, served by whitenoise from the collected folder.
    assert served["css"].startswith("/static/css/app.") and served["css"] != "/static/css/app.css"
    assert served["css_status"] == 200
    assert served["css_body"] == (settings.BASE_DIR / "static/css/app.css").read_text()[:200]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _probe(port, env):
    """The web service's compose healthcheck (scripts/probe_web.py)."""
    return subprocess.run(
        [sys.executable, "scripts/probe_web.py"],
        env={**env, "PROBE_URL": f"http://127.0.0.1:{port}"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=30,
    )


def _serve_and_probe(env):
    port = _free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "-c", "gunicorn.conf.py", "inspection.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # until a worker has booted and answers
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"}
                )
                urllib.request.urlopen(request, timeout=30).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode(errors="replace")
                assert time.monotonic() < deadline
                time.sleep(0.2)
        return _probe(port, env)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_web_healthcheck_fetches_the_login_page_and_its_stylesheet(tmp_path):
    """Through gunicorn: fails on the issue's broken image (nothing collected), passes after."""
    static_root = tmp_path / "collected"
    env = _production(tmp_path / "run", STATIC_ROOT=str(static_root), ALLOWED_HOSTS="localhost")
    broken = _serve_and_probe(env)
    assert broken.returncode == 1
    assert broken.stdout.strip() == "login page answered 500"

    _python(
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
        _production(tmp_path / "b", STATIC_ROOT=str(static_root)),
    )
    healthy = _serve_and_probe(env)
    assert (healthy.returncode, healthy.stdout.strip()) == (0, "ok"), healthy.stdout
