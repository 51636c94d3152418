"""Cookies, headers, CSP and clickjacking under the production settings (RELIABILITY.md 1.2, 1.9,
2.2): SEC-SESS-04, SEC-HDR-01..03, DJ-SET-02, SEC-DP-05, SEC-AC-08 (login) and SEC-AC-09; and
that production asks a coordinator for the second factor (SEC-AUTH-06).

Settings are read once per process, so the requests run in a subprocess with BELRONDE_DEBUG off
(``prod_probe.py``) and their answers are checked here; SEC-HDR-01 runs the real server.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("prod_probe.py")
PROD_ENV = {
    "BELRONDE_DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "Zq8-Lm3_Vx9pR2tY7uW4eN6aB1cD5fG0hJ",
    "ALLOWED_HOSTS": "belronde.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}
DROP = {
    "BELRONDE_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in DROP}
    return {**base, **PROD_ENV, **extra}


@pytest.fixture(scope="module")
def probe() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(PROBE)],
        env=production_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def cookie(response: dict[str, Any], name: str) -> dict[str, Any]:
    raw = response["cookies"].get(name)
    assert raw, f"no Set-Cookie for {name}: {response['cookies']}"
    parsed = SimpleCookie()
    parsed.load(raw)
    morsel = parsed[name]
    flags = {part.strip().split("=")[0].lower() for part in raw.split(";")}
    return {"morsel": morsel, "flags": flags, "raw": raw}


def csp(response: dict[str, Any]) -> dict[str, list[str]]:
    header = response["headers"].get("content-security-policy", "")
    assert header, "no Content-Security-Policy header"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


PAGES = [
    "login_page",
    "login_post",
    "chapter_home_before_code",
    "mfa_verify",
    "chapter_home",
    "profile",
    "not_found",
    "api_me",
    "http_healthz",
]


# SEC-SESS-04 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "name", "httponly"),
    [
        ("login_post", "__Host-belronde_session", True),
        ("login_page", "__Host-belronde_csrf", True),
        ("language", "__Host-belronde_language", True),
    ],
)
def test_sec_sess_04_cookies_are_secure_host_only_and_samesite(probe, response, name, httponly):
    found = cookie(probe[response], name)
    morsel, flags = found["morsel"], found["flags"]
    assert name.startswith("__Host-")
    assert "secure" in flags
    assert ("httponly" in flags) is httponly
    assert morsel["samesite"].lower() in {"lax", "strict"}
    assert morsel["path"] == "/"
    assert not morsel["domain"], "a __Host- cookie must not carry a Domain"


def test_sec_sess_04_the_session_cookie_lives_no_longer_than_twelve_hours(probe):
    morsel = cookie(probe["login_post"], "__Host-belronde_session")["morsel"]
    assert 0 < int(morsel["max-age"]) <= 12 * 60 * 60


# SEC-HDR-02 / DJ-SET-02 -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_sec_hdr_02_security_headers_on_every_kind_of_answer(probe, page):
    headers = probe[page]["headers"]
    hsts = headers.get("strict-transport-security", "")
    if page.startswith("http_"):
        assert not hsts, "HSTS is only sent over HTTPS"
    else:
        max_age = int(re.search(r"max-age=(\d+)", hsts).group(1)) if "max-age" in hsts else 0
        assert max_age >= 31_536_000 and "includeSubDomains" in hsts, hsts
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") in {"same-origin", "no-referrer", "strict-origin"}
    assert headers.get("cross-origin-opener-policy") == "same-origin"
    assert headers.get("x-frame-options") == "DENY"
    assert "charset=" in headers.get("content-type", ""), "every answer names its charset"
    assert re.fullmatch(r"[A-Za-z0-9._-]{8,64}", headers.get("x-request-id", ""))


@pytest.mark.parametrize("page", PAGES)
def test_sec_hdr_02_csp_allows_only_our_own_origin_and_no_framing(probe, page):
    policy = csp(probe[page])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    for directive, sources in policy.items():
        for source in sources:
            assert "unsafe" not in source, f"{directive} allows {source}"
            assert source in {"'self'", "'none'", "data:"} or source.startswith("'nonce-"), (
                f"{directive} allows {source}: no third-party hosts"
            )


def test_sec_hdr_02_the_nonce_differs_per_response(probe):
    nonces = {
        next(s for s in csp(probe[page])["script-src"] if s.startswith("'nonce-"))
        for page in ("login_page", "chapter_home", "profile")
    }
    assert len(nonces) == 3


def test_dj_set_02_plain_http_is_redirected_to_https_except_the_health_check(probe):
    assert probe["http_login"]["status"] == 301
    assert probe["http_login"]["headers"]["location"] == (
        "https://belronde.example.org/account/login/"
    )
    assert probe["http_healthz"]["status"] in {200, 503}, "load balancers probe over plain HTTP"


# SEC-DP-05 --------------------------------------------------------------------------------------

TEMPLATE_DIRS = sorted(ROOT.glob("belronde/**/templates"))
EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*"
    r"\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


#: template and HTML comments, which may well mention what they avoid
COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", re.DOTALL)


def template_files() -> list[Path]:
    return sorted(
        path
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*")
        if path.suffix in {".html", ".svg"}
    )


def test_sec_dp_05_pages_load_nothing_from_other_hosts(probe):
    for page in ("login_page", "chapter_home", "profile", "api_docs"):
        body = probe[page]["body"]
        assert not EXTERNAL.search(body), f"{page} loads from another host"


def test_sec_dp_05_no_template_loads_from_another_host_or_inlines_code():
    offenders = []
    for path in template_files():
        text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
        for pattern, why in (
            (EXTERNAL, "loads from another host"),
            (
                re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
                "inline script",
            ),
            (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
            (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
            (re.compile(r"<style\b", re.I), "inline <style>"),
        ):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {why}")
    assert not offenders, "the CSP forbids these: " + "; ".join(offenders)


# SEC-HDR-03, SEC-AC-08, SEC-AC-09 ---------------------------------------------------------------


def test_sec_hdr_03_a_foreign_origin_gets_no_cors_grant(probe):
    for page in ("api_evil_origin", "api_preflight"):
        headers = probe[page]["headers"]
        assert "access-control-allow-origin" not in headers
        assert "access-control-allow-credentials" not in headers


def test_sec_auth_06_production_asks_a_coordinator_for_the_code_before_any_page(probe):
    assert probe["login_post"]["status"] == 302
    assert probe["login_post"]["headers"]["location"].startswith("/account/two-factor/verify/")
    before = probe["chapter_home_before_code"]
    assert before["status"] == 302
    assert before["headers"]["location"].startswith("/account/two-factor/verify/?next=")
    assert probe["mfa_verify"]["status"] == 302
    assert probe["mfa_verify"]["headers"]["location"] == "/c/mechelen/"
    assert probe["chapter_home"]["status"] == 200


def test_sec_ac_08_a_login_post_without_the_csrf_token_is_refused(probe):
    assert probe["login_without_csrf"]["status"] == 403
    assert "__Host-belronde_session" not in probe["login_without_csrf"]["cookies"]


def test_sec_ac_09_no_listings_or_private_files(probe):
    assert probe["listings"] and all(code == 404 for code in probe["listings"].values()), probe[
        "listings"
    ]


# SEC-HDR-01: the real server --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sec_hdr_01_the_server_shows_no_version_and_logs_json_with_the_request_id(tmp_path):
    port = _free_port()
    env = production_env(
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "belronde",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "1",
            "--no-collectstatic",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        response = None
        while time.monotonic() < deadline and response is None:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "probe-0123456789"}
            )
            try:
                response = urllib.request.urlopen(request, timeout=2)
            except urllib.error.HTTPError as exc:  # 503: not migrated, still an answer
                response = exc
            except OSError:
                time.sleep(0.2)
        assert response is not None, "belronde serve did not answer"
        headers = {k.lower(): v for k, v in response.headers.items()}
        assert not re.search(r"\d", headers.get("server", "")), headers.get("server")
        assert "x-powered-by" not in headers
        assert headers["x-request-id"] == "probe-0123456789"
        assert "x-frame-options" in headers and "content-security-policy" in headers
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("path") == "/healthz"]
    assert access and access[0]["request_id"] == "probe-0123456789", out[-2000:]
    for line in err.splitlines():
        if line.strip():
            json.loads(line)  # every log line on stderr is one JSON object


# DJ-SET-01 / DJ-DEPLOY-02 -----------------------------------------------------------------------

EXPECTED_SETTINGS = [
    ("DEBUG", False),
    ("SECURE_SSL_REDIRECT", True),
    ("SECURE_PROXY_SSL_HEADER", ["HTTP_X_FORWARDED_PROTO", "https"]),
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
    ("SECURE_CONTENT_TYPE_NOSNIFF", True),
    ("SECURE_REFERRER_POLICY", "same-origin"),
    ("SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"),
    ("X_FRAME_OPTIONS", "DENY"),
    ("SESSION_COOKIE_SECURE", True),
    ("CSRF_COOKIE_SECURE", True),
    ("SESSION_COOKIE_HTTPONLY", True),
    ("SESSION_COOKIE_NAME", "__Host-belronde_session"),
    ("CSRF_COOKIE_NAME", "__Host-belronde_csrf"),
    ("SESSION_COOKIE_AGE", 12 * 60 * 60),
    ("SESSION_IDLE_SECONDS", 30 * 60),
    ("LOG_FORMATTER", "belronde.lib.logging.JsonFormatter"),
    ("BELRONDE_MFA_REQUIRED", True),
]


@pytest.mark.parametrize(
    ("name", "value"), EXPECTED_SETTINGS, ids=[n for n, _v in EXPECTED_SETTINGS]
)
def test_dj_set_01_production_settings(probe, name, value):
    assert probe["settings"][name] == value


def test_dj_set_01_hsts_secret_key_hashing_and_password_rules(probe):
    found = probe["settings"]
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert found["SECRET_KEY_LENGTH"] >= 50
    assert found["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    validators = {
        v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in found["AUTH_PASSWORD_VALIDATORS"]
    }
    assert validators["MinimumLengthValidator"] == {"min_length": 12}
    assert {"CommonPasswordValidator", "UserAttributeSimilarityValidator"} <= validators.keys()
    assert "ContextWordsValidator" in validators


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"ALLOWED_HOSTS": "*"}, "not '*'"),
        ({"ALLOWED_HOSTS": "belronde.example.org,*"}, "not '*'"),
        ({"BELRONDE_DEBUG": "nee"}, "is not a boolean"),
    ],
)
def test_dj_deploy_02_production_refuses_to_start_when_misconfigured(env, message):
    result = subprocess.run(
        [sys.executable, "-m", "belronde", "check"],
        env=production_env(**env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# SEC-LOG-06 -------------------------------------------------------------------------------------


def test_sec_log_06_an_unexpected_error_is_a_generic_500_page_without_a_trace(probe):
    page = probe["crash_page"]
    assert page["status"] == 500
    body = page["body"]
    assert "Er ging iets mis" in body
    for leak in ("probe-internal-detail-7f3a", "Traceback", "RuntimeError", "prod_probe", ".py"):
        assert leak not in body, leak
    assert page["headers"]["content-security-policy"]


def test_sec_log_06_an_unexpected_error_in_the_api_is_a_json_500_without_a_trace(probe):
    answer = probe["crash_api"]
    assert answer["status"] == 500
    assert answer["headers"]["content-type"] == "application/json; charset=utf-8"
    body = json.loads(answer["body"])
    assert set(body) == {"detail"}
    for leak in ("probe-internal-detail-7f3a", "Traceback", "RuntimeError"):
        assert leak not in answer["body"], leak
