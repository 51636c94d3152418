"""Dutch by default, a signed-in user's own language otherwise; session timeouts; two-factor
authentication before any page."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from belronde.accounts import mfa

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        lang = getattr(user, "language", "")
        if lang in SUPPORTED:
            return lang
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        translation.deactivate()
        return response


AUTH_AT = "belronde_auth_at"
SEEN_AT = "belronde_seen_at"
#: How often the last-seen time is written to the session (a write per request would be waste).
SEEN_RESOLUTION = 60


class SessionSecurityMiddleware:
    """Ends sessions after SESSION_IDLE_SECONDS idle or SESSION_COOKIE_AGE since login;
    marks every signed-in response ``Cache-Control: private, no-store``.

    The absolute limit counts from the login, not from the last save of the session, so
    staying active does not keep a session alive past it. An expired HTMX request gets an
    ``HX-Redirect`` to the login page instead of a login form swapped into the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        expired = self._check_session(request)
        if expired is not None:
            return expired
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _check_session(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated:
            return None
        now = time.time()
        auth_at = session.get(AUTH_AT)
        seen_at = session.get(SEEN_AT)
        if not isinstance(auth_at, int | float) or not isinstance(seen_at, int | float):
            session[AUTH_AT] = session[SEEN_AT] = now
            return None
        if now - auth_at > settings.SESSION_COOKIE_AGE or now - seen_at > (
            settings.SESSION_IDLE_SECONDS
        ):
            logout(request)
            messages.info(request, _("Your session has expired. Please log in again."))
            if request.headers.get("HX-Request") == "true":
                login = resolve_url(settings.LOGIN_URL)
                return HttpResponseClientRedirect(login)
            return None
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return None


def stamp_login(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On every login the absolute and idle clocks start again (``user_logged_in`` receiver)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_AT] = request.session[SEEN_AT] = now


#: Views a signed-in session may use before its second factor: logging in and out, setting up
#: and entering the code, resetting the password, switching language, the health check.
TWO_FACTOR_EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:mfa_enrol",
        "accounts:mfa_verify",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:set_language",
        "ops:healthz",
    }
)
#: The API authenticates every request by its Bearer token (made by a verified user on the
#: profile page), never by the session, so the session's second factor does not apply.
TWO_FACTOR_EXEMPT_NAMESPACES = frozenset({"api-v1"})


class TwoFactorMiddleware:
    """Sends a signed-in session that has not entered its second factor to the code page (when
    the user has an authenticator) or to the set-up page (a privileged role without one, when
    ``BELRONDE_MFA_REQUIRED`` is on), for every page but the exempt ones above.

    It runs after URL resolution (``process_view``), so it judges views by name, not by path;
    static files are served by whitenoise before any view and never reach it. Needs django-otp's
    ``OTPMiddleware`` before it. An HTMX request gets an ``HX-Redirect``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.view_name in TWO_FACTOR_EXEMPT_VIEWS:
            return None
        if any(ns in TWO_FACTOR_EXEMPT_NAMESPACES for ns in match.namespaces):
            return None
        if mfa.is_verified(request):
            return None
        step = mfa.pending_step(user)
        if step is None:
            return None
        url = reverse("accounts:mfa_verify" if step == mfa.Step.VERIFY else "accounts:mfa_enrol")
        htmx = request.headers.get("HX-Request") == "true"
        if request.method == "GET" and not htmx:
            url += "?" + urlencode({"next": request.get_full_path()})
        if htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
