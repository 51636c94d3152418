from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import actions, mfa, throttle
from belronde.accounts.access import ChapterRequest, chapter_view, chapters_for_user, own_account
from belronde.accounts.forms import (
    LanguageForm,
    LocalisedPasswordResetForm,
    LoginForm,
    ProfileForm,
    SecondFactorForm,
    TokenForm,
    TotpCodeForm,
)
from belronde.accounts.models import ApiToken, User
from belronde.audit.actions import record_event
from belronde.lib.errors import show_error

logger = logging.getLogger(__name__)

#: how many of the firms a caller referred the overview lists
REFERRED_SHOWN = 10


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.address_is_throttled(request):
            # the status of axes' per-account lockout, whatever the username; a log line, not an
            # audit event per refused try (an attacker would fill the audit table)
            logger.warning("login paused for this client address: too many wrong passwords")
            return render(request, "accounts/locked_out.html", {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        actions.record_login(actor=user, request=self.request)
        step = mfa.pending_step(user)
        if step is not None:  # the password is half of it: on to the code (or its set-up)
            return _two_factor_redirect(step, self.get_success_url())
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        actions.record_logout(actor=request.user, request=request)
    return auth_views.LogoutView.as_view()(request)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = LocalisedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Throttled or not, known address or not: the same redirect to the same page.
        if actions.request_password_reset(email=form.cleaned_data["email"], request=self.request):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_event(actor=form.user, verb="user.password_changed", obj=form.user)
        return response


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Open the chapter used last, or the first one; explain when the user has none."""
    user: User = request.user  # type: ignore[assignment]
    choices = chapters_for_user(user)
    if not choices:
        return render(request, "accounts/no_chapter.html", status=200)
    slugs = {access.chapter.slug: access for access in choices}
    last = user.last_chapter.slug if user.last_chapter else None
    target = last if last in slugs else choices[0].chapter.slug
    return redirect("accounts:chapter_home", chapter=target)


@chapter_view()
@require_GET
def chapter_home(request: ChapterRequest) -> HttpResponse:
    actions.remember_chapter(actor=request.user, chapter=request.chapter)
    return render(
        request,
        "accounts/chapter_home.html",
        {"access": request.access, "referred": _referred_firms(request)},
    )


def _referred_firms(request: ChapterRequest) -> list[Any]:
    """The firms this caller referred to coaching, with their trajectory's status (one query).
    ``coaching`` is above this app: an upward ``access`` call inside the function, as
    docs/architecture.md allows; it never reveals notes, figures or the conclusion."""
    if not request.access.can_make_calls:
        return []
    from belronde.coaching.access import helped_by_my_calls

    return list(helped_by_my_calls(request.access, request.user)[:REFERRED_SHOWN])


def _profile_page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = mfa.confirmed_totp(user)
    context = {
        "form": ProfileForm(instance=own_account(user), request=request),
        "token_form": TokenForm(),
        "tokens": user.api_tokens.all(),
        "memberships": chapters_for_user(user),
        "mfa_device": device,
        "recovery_codes_left": mfa.recovery_codes_left(user) if device else 0,
        "mfa_remove_form": SecondFactorForm(),
        **forms,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=own_account(user), request=request)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(actor=user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return _profile_page(request, form=form)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST, request=request, user=user)
    if not form.is_valid():
        return _profile_page(request, status=400, token_form=form)
    token, key = actions.create_api_token(actor=user, name=form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token, "key": key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, user=request.user, key_prefix=prefix)
    actions.revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the user, and in a cookie for the login page."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Unknown language."), status=400)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        actions.set_language(actor=request.user, language=language)
    next_url = form.cleaned_data["next"] or request.headers.get("referer") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


# Two-factor authentication ----------------------------------------------------------------------


def _two_factor_redirect(step: mfa.Step, next_url: str) -> HttpResponseRedirect:
    name = "accounts:mfa_verify" if step == mfa.Step.VERIFY else "accounts:mfa_enrol"
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code,
    receive the recovery codes once."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request, reverse("home"))
    if mfa.confirmed_totp(user) is not None:
        if not mfa.is_verified(request):
            return _two_factor_redirect(mfa.Step.VERIFY, next_url)
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("accounts:profile")
    device = actions.start_totp_enrolment(actor=user, request=request)
    form = TotpCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.confirm_totp_device(
                actor=user, device=device, code=form.cleaned_data["code"], request=request
            )
        except actions.TwoFactorError as exc:
            show_error(request, exc, form=form, field="code")
            status = 429 if isinstance(exc, actions.TwoFactorThrottled) else 200
        else:
            mfa.mark_verified(request, device)
            return render(
                request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url}
            )
    required = mfa.pending_step(user) == mfa.Step.ENROL
    return render(
        request,
        "accounts/mfa_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": mfa.qr_svg(device.config_url),
            "config_url": device.config_url,
            "secret": mfa.grouped(mfa.secret_base32(device)),
            "required": required,
            "mfa_pending": required,  # no other page opens yet: the layout hides the menus
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the app, or a recovery code."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request, reverse("home"))
    if mfa.is_verified(request):
        return redirect(next_url)
    step = mfa.pending_step(user)
    if step != mfa.Step.VERIFY:
        return _two_factor_redirect(step, next_url) if step else redirect(next_url)
    form = SecondFactorForm(request.POST or None, autofocus=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            device = actions.verify_second_factor(
                actor=user, code=form.cleaned_data["value"], kind=kind, request=request
            )
        except actions.TwoFactorError as exc:
            show_error(request, exc, form=form, field=form.used_field)
            status = 429 if isinstance(exc, actions.TwoFactorThrottled) else 200
        else:
            mfa.mark_verified(request, device)
            if kind == mfa.CodeKind.RECOVERY:
                left = mfa.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)s is left. Each code works once.",
                        "You used a recovery code; %(left)s are left. Each code works once.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, "next": next_url, "mfa_pending": True},
        status=status,
    )


@login_required
@require_POST
def mfa_remove(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator (and recovery codes), after a current code."""
    user: User = request.user  # type: ignore[assignment]
    if mfa.confirmed_totp(user) is None:
        messages.info(request, _("Two-factor authentication is not set up."))
        return redirect("accounts:profile")
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        try:
            actions.remove_two_factor(
                actor=user,
                code=form.cleaned_data["value"],
                kind=form.cleaned_data["kind"],
                request=request,
            )
        except actions.TwoFactorError as exc:
            show_error(request, exc, form=form, field=form.used_field)
        else:
            mfa.forget_verification(request)
            messages.success(request, _("Two-factor authentication has been removed."))
            return redirect("accounts:profile")
    return _profile_page(request, status=400, mfa_remove_form=form)
