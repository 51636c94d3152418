from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from belronde.accounts import mfa
from belronde.accounts.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _current_password_field(required: bool, help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=_("Your current password"),
        required=required,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def password_confirmed(request: HttpRequest | None, user: User, password: str) -> bool:
    """Whether ``password`` is the user's own, checked through the login throttle (axes)."""
    if request is None:
        return user.check_password(password)
    confirmed = authenticate(request, username=user.get_username(), password=password)
    if confirmed is None or confirmed.pk != user.pk:
        return False
    # A successful check may upgrade the stored hash (a new hasher); keep this session valid.
    update_session_auth_hash(request, confirmed)
    return True


class ProfileForm(forms.ModelForm):
    """Name, e-mail and language. Changing the e-mail address, where password-reset links
    go, needs the current password (a stolen session must not take over the account)."""

    current_password = _current_password_field(
        required=False, help_text=_("Only needed when you change your e-mail address.")
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        self.original_email = kwargs["instance"].email if kwargs.get("instance") else ""
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email")
        if email is not None and email.lower() != self.original_email.lower():
            password = cleaned.get("current_password") or ""
            if not password:
                self.add_error(
                    "current_password",
                    _("Enter your current password to change your e-mail address."),
                )
            elif not password_confirmed(self.request, self.instance, password):
                self.add_error("current_password", _("This is not your current password."))
        return cleaned


class TokenForm(forms.Form):
    """A new API token; it acts with the user's rights, so the password is asked again."""

    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("For example the script or tool that will use it."),
    )
    current_password = _current_password_field(
        required=True, help_text=_("A token acts with your rights, so we ask for it again.")
    )

    def __init__(
        self,
        *args: Any,
        request: HttpRequest | None = None,
        user: User | None = None,
        **kwargs: Any,
    ) -> None:
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password: str = self.cleaned_data["current_password"]
        if self.user is None or not password_confirmed(self.request, self.user, password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


def _totp_code_field(required: bool, autofocus: bool = False) -> forms.CharField:
    attrs = {
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "autocapitalize": "none",
        "spellcheck": "false",
        "class": "otp-code",
    }
    if autofocus:
        attrs["autofocus"] = "autofocus"
    return forms.CharField(
        label=_("Code from your authenticator app"),
        required=required,
        max_length=9,
        help_text=_("The 6 digits the app shows now; a new code comes every 30 seconds."),
        widget=forms.TextInput(attrs=attrs),
    )


def _clean_totp_code(value: str) -> str:
    code = mfa.normalise_totp_code(value)
    if code and not re.fullmatch(r"[0-9]{6}", code):
        raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
    return code


class TotpCodeForm(forms.Form):
    """The first code from a new authenticator, to confirm that it was set up right."""

    code = _totp_code_field(required=True)

    def clean_code(self) -> str:
        return _clean_totp_code(self.cleaned_data["code"])


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes (one of the two)."""

    code = _totp_code_field(required=False)
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        required=False,
        max_length=40,
        help_text=_("One of the codes you saved when you set up two-factor authentication."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, autofocus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = "autofocus"

    def clean_code(self) -> str:
        return _clean_totp_code(self.cleaned_data.get("code") or "")

    def clean_recovery_code(self) -> str:
        return mfa.normalise_recovery_code(self.cleaned_data.get("recovery_code") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if cleaned.get("code"):
            cleaned["kind"] = mfa.CodeKind.TOTP
            cleaned["value"] = cleaned["code"]
        elif cleaned.get("recovery_code"):
            cleaned["kind"] = mfa.CodeKind.RECOVERY
            cleaned["value"] = cleaned["recovery_code"]
        else:
            self.add_error("code", _("Enter the code from your authenticator app."))
        return cleaned

    @property
    def used_field(self) -> str:
        """The field that was filled in, to put an error from the check next to it."""
        return (
            "recovery_code"
            if self.data.get("recovery_code") and not self.data.get("code")
            else "code"
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=User.Language.choices)
    next = forms.CharField(required=False)


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the recipient's language, not the requester's."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        with translation.override(getattr(user, "language", None) or "nl"):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
