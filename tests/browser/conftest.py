"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server.

No browser is ever downloaded: Playwright launches /usr/bin/chromium (`make browser-deps`
installs it with apt). Without it the tests skip with the reason, except in CI
(REQUIRE_SERVICES=1), where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _unavailable(reason):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but the browser tests cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    """One browser per test module.

    Playwright's sync API keeps an event loop running in the test thread while it lives; the
    test's own ORM calls (fixtures, checks, flushing the database) are still plain
    synchronous code, so Django is told so for exactly that span, and the loop ends with the
    module rather than leaking into other modules run by the same worker.
    """
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing: run `make browser-deps` as root to install it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a locked dev dependency
        _unavailable("playwright is not installed: run `make install`")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(chromium, live_server, viewport, request):
    context = chromium.new_context(
        viewport=viewport, locale="zh-CN", base_url=live_server.url, is_mobile=viewport == PHONE
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Script errors and failed requests show up in the test's report when it fails.
    page.on("pageerror", lambda exc: request.node.add_report_section("call", "js", str(exc)))
    page.on(
        "requestfailed",
        lambda r: request.node.add_report_section("call", "network", f"{r.url} {r.failure}"),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and request.node.add_report_section("call", "http", f"{r.status} {r.url}")
        ),
    )
    # Anything the Content-Security-Policy blocked fails the test: a page that works only
    # with an inline script, handler, style or eval would be broken for users.
    page.csp_violations = []
    page.on(
        "console",
        lambda m: (
            "Content Security Policy" in m.text
            and page.csp_violations.append(f"{page.url}: {m.text}")
        ),
    )
    return context, page


def _close(context, page):
    violations = list(page.csp_violations)
    context.close()
    assert not violations, "\n".join(violations)


@pytest.fixture
def phone(chromium, live_server, request):
    context, page = _context(chromium, live_server, PHONE, request)
    yield page
    _close(context, page)


@pytest.fixture
def desktop(chromium, live_server, request):
    context, page = _context(chromium, live_server, DESKTOP, request)
    yield page
    _close(context, page)


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") writes artifacts/screenshots/<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
