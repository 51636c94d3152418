from __future__ import annotations

from typing import Any

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import actions
from belronde.accounts.access import ChapterRequest, chapter_view, chapters_for_user
from belronde.accounts.forms import (
    LanguageForm,
    LocalisedPasswordResetForm,
    LoginForm,
    ProfileForm,
    TokenForm,
)
from belronde.accounts.models import ApiToken, User
from belronde.audit.actions import record_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        actions.record_login(actor=user, request=self.request)
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
        record_event(actor=None, verb="user.password_reset_requested", request=self.request)
        return super().form_valid(form)


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
    return render(request, "accounts/chapter_home.html", {"access": request.access})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=user.pk), request=request)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(actor=user, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": TokenForm(),
            "tokens": user.api_tokens.all(),
            "memberships": chapters_for_user(user),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST, request=request, user=user)
    if not form.is_valid():
        return render(
            request,
            "accounts/profile.html",
            {
                "form": ProfileForm(instance=user, request=request),
                "token_form": form,
                "tokens": user.api_tokens.all(),
                "memberships": chapters_for_user(user),
            },
            status=400,
        )
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
