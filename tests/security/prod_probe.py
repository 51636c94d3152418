"""Requests through Django's test client under the production settings, printed as JSON.

Run by tests/security/test_production_http.py in a subprocess whose environment has
BELRONDE_DEBUG=false (settings are read once per process, so production settings cannot be
switched on inside the test process). Uses an in-memory SQLite database, migrated here.

One deviation from production: static URLs come from the plain storage, because the hashed
(manifest) storage needs a collectstatic run of about 20 seconds. Headers, cookies, middleware
order and views are exactly those of production.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

HOST = settings.ALLOWED_HOSTS[0]
HTTPS = {"X-Forwarded-Proto": "https"}
REFERER = f"https://{HOST}/account/login/"


def describe(response: Any) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {k.lower(): v for k, v in response.headers.items()},
        "cookies": {name: morsel.OutputString() for name, morsel in response.cookies.items()},
        "body": response.content.decode("utf-8", "replace")[:20000],
    }


CRASH_DETAIL = "probe-internal-detail-7f3a"


def crash(request: Any) -> Any:
    raise RuntimeError(CRASH_DETAIL)


def _crash_urls() -> list[Any]:
    """The project's URLs plus a page and an API route that raise (for SEC-LOG-06)."""
    from django.urls import include, path
    from ninja import NinjaAPI

    from belronde.api.auth import TokenAuth

    crash_api = NinjaAPI(urls_namespace="probe-api", auth=TokenAuth())
    crash_api.get("/probe/crash")(crash)
    return [
        path("probe/crash/", crash),
        path("api/v1/", crash_api.urls),
        path("", include("belronde.urls")),
    ]


def __getattr__(name: str) -> Any:  # the module as a URLconf, built when Django asks for it
    if name == "urlpatterns":
        return _crash_urls()
    raise AttributeError(name)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def main() -> dict[str, Any]:
    assert not settings.DEBUG, "run with BELRONDE_DEBUG=false"
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    from belronde.accounts import actions
    from belronde.accounts.models import Region

    region = Region.objects.create(slug="antwerpen", name="Antwerpen")
    chapter = actions.create_chapter(actor=None, slug="mechelen", name="Mechelen", region=region)
    user = actions.create_user(
        actor=None,
        username="probe.coordinator",
        password="Zeven zeehonden zwemmen traag",
        chapter=chapter,
        role="coordinator",
    )
    _token, key = actions.create_api_token(actor=user, name="probe")
    # A coordinator: two-factor authentication is required with production settings.
    from belronde.testing import add_totp_device, next_totp_code

    device = add_totp_device(user)

    out: dict[str, Any] = {}
    client = Client(SERVER_NAME=HOST, enforce_csrf_checks=True)

    out["http_login"] = describe(
        client.get("/account/login/", headers={"X-Forwarded-Proto": "http"})
    )
    out["http_healthz"] = describe(client.get("/healthz", headers={"X-Forwarded-Proto": "http"}))
    out["login_page"] = describe(client.get("/account/login/", secure=True, headers=HTTPS))
    out["login_without_csrf"] = describe(
        Client(SERVER_NAME=HOST, enforce_csrf_checks=True).post(
            "/account/login/",
            {"username": "probe.coordinator", "password": "Zeven zeehonden zwemmen traag"},
            secure=True,
            headers={**HTTPS, "Referer": REFERER},
        )
    )
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    out["login_post"] = describe(
        client.post(
            "/account/login/",
            {
                "username": "probe.coordinator",
                "password": "Zeven zeehonden zwemmen traag",
                "csrfmiddlewaretoken": csrf,
            },
            secure=True,
            headers={**HTTPS, "Referer": REFERER},
        )
    )
    out["chapter_home_before_code"] = describe(
        client.get("/c/mechelen/", secure=True, headers=HTTPS)
    )
    out["mfa_verify"] = describe(
        client.post(
            "/account/two-factor/verify/",
            {
                "code": next_totp_code(device),
                "next": "/c/mechelen/",
                "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
            },
            secure=True,
            headers={**HTTPS, "Referer": REFERER},
        )
    )
    out["chapter_home"] = describe(client.get("/c/mechelen/", secure=True, headers=HTTPS))
    out["profile"] = describe(client.get("/account/profile/", secure=True, headers=HTTPS))
    out["language"] = describe(
        client.post(
            "/account/language/",
            {
                "language": "en",
                "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
            },
            secure=True,
            headers={**HTTPS, "Referer": REFERER},
        )
    )
    out["not_found"] = describe(client.get("/c/nowhere/", secure=True, headers=HTTPS))
    bearer = {**HTTPS, "Authorization": f"Bearer {key}"}
    out["api_me"] = describe(
        Client(SERVER_NAME=HOST).get("/api/v1/me", secure=True, headers=bearer)
    )
    out["api_evil_origin"] = describe(
        Client(SERVER_NAME=HOST).get(
            "/api/v1/me", secure=True, headers={**bearer, "Origin": "https://evil.example"}
        )
    )
    out["api_preflight"] = describe(
        Client(SERVER_NAME=HOST).options(
            "/api/v1/me",
            secure=True,
            headers={
                **HTTPS,
                "Origin": "https://evil.example",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
    )
    out["api_docs"] = describe(
        Client(SERVER_NAME=HOST).get("/api/v1/docs", secure=True, headers=HTTPS)
    )
    out["listings"] = {
        path: Client(SERVER_NAME=HOST).get(path, secure=True, headers=HTTPS).status_code
        for path in (
            "/.git/HEAD",
            "/.git/config",
            "/static/",
            "/static/belronde/",
            "/media/",
            "/media/imports/",
            "/.env",
            "/var/belronde.sqlite3",
        )
    }
    # SEC-LOG-06: an unexpected exception under production settings, in a page and in the API
    with override_settings(ROOT_URLCONF=__name__):
        crashing = Client(SERVER_NAME=HOST, raise_request_exception=False)
        out["crash_page"] = describe(crashing.get("/probe/crash/", secure=True, headers=HTTPS))
        out["crash_api"] = describe(
            crashing.get(
                "/api/v1/probe/crash",
                secure=True,
                headers={**HTTPS, "Authorization": f"Bearer {key}"},
            )
        )
    out["settings"] = {
        name: _jsonable(getattr(settings, name, None))
        for name in (
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "SECURE_REFERRER_POLICY",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY",
            "X_FRAME_OPTIONS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_COOKIE_NAME",
            "CSRF_COOKIE_NAME",
            "SESSION_COOKIE_AGE",
            "SESSION_IDLE_SECONDS",
            "PASSWORD_HASHERS",
            "AUTH_PASSWORD_VALIDATORS",
            "BELRONDE_MFA_REQUIRED",
        )
    }
    out["settings"]["SECRET_KEY_LENGTH"] = len(settings.SECRET_KEY)
    logging_config: dict[str, Any] = settings.LOGGING
    out["settings"]["LOG_FORMATTER"] = logging_config["formatters"]["json"]["()"]
    out["cookie_settings"] = {
        "session": settings.SESSION_COOKIE_NAME,
        "csrf": settings.CSRF_COOKIE_NAME,
        "language": settings.LANGUAGE_COOKIE_NAME,
    }
    return out


if __name__ == "__main__":
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        result = main()
    json.dump(result, sys.stdout)
