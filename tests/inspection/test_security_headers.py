"""Security headers: a strict Content-Security-Policy on every page, and HTTPS settings that
make `check --deploy` clean in production mode."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "HTTPS")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        **extra,
    )
    return env


def _check_deploy(**extra):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_in_production_mode():
    result = _check_deploy()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_plain_http_can_be_chosen_and_check_deploy_says_what_that_costs():
    result = _check_deploy(HTTPS="0")
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output, output


@pytest.mark.django_db
def test_every_page_carries_a_csp_without_inline_scripts(client, users):
    client.force_login(users.office)
    for url in ("/", "/login/", "/dashboards/", "/tours/stations/", "/petitions/", "/api/docs/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy["style-src"] and "unsafe-eval" not in str(policy)
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        html = response.content.decode()
        # No executable inline script and no inline event handler in what we serve.
        for marker in ("<script>", ' onclick="', ' onchange="', ' onsubmit="', "<style"):
            assert marker not in html, (url, marker)


def test_the_dashboard_allows_exactly_the_styles_the_installed_plotly_injects():
    """If plotly is upgraded and its injected stylesheet changes, this says which hash to use
    (the browser tests would fail on the CSP violation)."""
    import hashlib
    import re

    import plotly

    from inspection.dashboards.views import PLOTLY_STYLE_HASHES

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    source = bundle.read_text(encoding="utf-8")
    injected = re.findall(
        r"createElement\(\"style\"\);e\.id=\"[0-9a-f]+\",e\.textContent='([^'\\]*)'", source
    )
    assert injected, "plotly no longer injects a fixed stylesheet: drop its hash"
    digests = [hashlib.sha256(text.encode()).digest() for text in [*injected, ""]]
    hashes = {f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests}
    assert hashes == set(PLOTLY_STYLE_HASHES)
