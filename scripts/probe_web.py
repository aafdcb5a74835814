"""Health probe of the web service (docker-compose): the login page and its stylesheet.

A real page, not /healthz: it fails when static files are missing (the page then answers 500)
and it does not restart the web service because a worker or the scheduler is down.
Standard library only. Exit 0 when both answer 200, 1 otherwise, with one line saying why.
"""

import os
import re
import sys
import urllib.request

BASE = os.environ.get("PROBE_URL", "http://127.0.0.1:8000")


def _host() -> str | None:
    """A name from ALLOWED_HOSTS, so the probe is not refused as a foreign host."""
    for name in os.environ.get("ALLOWED_HOSTS", "").split(","):
        name = name.strip().lstrip(".")
        if name and name != "*":
            return name
    return None


def fetch(path: str) -> tuple[int, str]:
    request = urllib.request.Request(BASE + path)
    # As the TLS proxy would: with HTTPS on, a plain-HTTP request is otherwise redirected.
    request.add_header("X-Forwarded-Proto", "https")
    host = _host()
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def main() -> int:
    try:
        status, page = fetch("/login/")
        if status != 200:
            print(f"login page answered {status}")
            return 1
        match = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        if not match:
            print("login page links no stylesheet")
            return 1
        status, _css = fetch(match.group(1))
        if status != 200:
            print(f"stylesheet {match.group(1)} answered {status}")
            return 1
    except Exception as exc:
        print(f"web unreachable: {exc}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
