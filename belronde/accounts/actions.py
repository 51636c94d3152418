"""Every state change of accounts: atomic, audited, shared by views, API and CLI."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from belronde.accounts import mfa
from belronde.accounts.models import (
    ApiToken,
    Chapter,
    Membership,
    PartnerOrganisation,
    Region,
    User,
    postal_code_validator,
)
from belronde.audit.actions import client_ip, record_event
from belronde.audit.models import AuditEvent
from belronde.lib.errors import ActionError


class AccountsError(ActionError, ValueError):
    """An accounts request that cannot be carried out (``belronde.lib.errors``)."""


class TwoFactorError(AccountsError):
    """A two-factor code that was not accepted (wrong, used already, or too many tries)."""

    code = "two_factor_refused"


class TwoFactorThrottled(TwoFactorError):
    """Too many wrong codes in a row: the next try must wait."""

    code = "two_factor_throttled"
    status = 429


def _clean_postal_codes(postal_codes: list[str]) -> list[str]:
    from django.core.exceptions import ValidationError

    clean: list[str] = []
    for code in postal_codes:
        code = code.strip()
        try:
            postal_code_validator(code)
        except ValidationError:
            raise AccountsError(
                _("%(code)s is not a Belgian postal code.") % {"code": code}
            ) from None
        if code not in clean:
            clean.append(code)
    return sorted(clean)


@transaction.atomic
def create_chapter(
    *,
    actor: User | None,
    slug: str,
    name: str,
    region: Region,
    postal_codes: list[str] | None = None,
) -> Chapter:
    if Chapter.objects.filter(slug=slug).exists():
        raise AccountsError(_("A chapter with slug %(slug)s already exists.") % {"slug": slug})
    chapter = Chapter.objects.create(
        slug=slug, name=name, region=region, postal_codes=_clean_postal_codes(postal_codes or [])
    )
    record_event(
        actor=actor,
        verb="chapter.created",
        chapter=chapter,
        obj=chapter,
        payload={"postal_codes": len(chapter.postal_codes)},
    )
    return chapter


@transaction.atomic
def add_membership(
    *,
    actor: User | None,
    user: User,
    role: str,
    chapter: Chapter | None = None,
    region: Region | None = None,
    partner_organisation: PartnerOrganisation | None = None,
) -> Membership:
    if role not in Membership.Role.values:
        raise AccountsError(_("Unknown role: %(role)s.") % {"role": role})
    if role == Membership.Role.REGIONAL:
        if region is None:
            region = chapter.region if chapter else None
        if region is None:
            raise AccountsError(_("A regional membership needs a region."))
        chapter = None
    elif chapter is None:
        raise AccountsError(_("This role needs a chapter."))
    if role == Membership.Role.PARTNER and partner_organisation is None:
        raise AccountsError(_("A partner membership needs a partner organisation."))
    if role != Membership.Role.PARTNER:
        partner_organisation = None
    existing = Membership.objects.filter(
        user=user, chapter=chapter, region=region if chapter is None else None
    ).first()
    if existing is not None:
        existing.role = role
        existing.partner_organisation = partner_organisation
        existing.is_active = True
        existing.save(update_fields=["role", "partner_organisation", "is_active"])
        membership = existing
    else:
        membership = Membership.objects.create(
            user=user,
            role=role,
            chapter=chapter,
            region=region if chapter is None else None,
            partner_organisation=partner_organisation,
        )
    record_event(
        actor=actor,
        verb="membership.created",
        chapter=chapter,
        obj=user,
        payload={"role": role, "region": region.slug if region and not chapter else None},
    )
    return membership


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    chapter: Chapter | None = None,
    role: str | None = None,
    region: Region | None = None,
    partner_organisation: PartnerOrganisation | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = User.Language.DUTCH,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise AccountsError(_("A user named %(username)s already exists.") % {"username": username})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_event(actor=actor, verb="user.created", chapter=chapter, obj=user)
    if role:
        add_membership(
            actor=actor,
            user=user,
            role=role,
            chapter=chapter,
            region=region,
            partner_organisation=partner_organisation,
        )
    return user


@transaction.atomic
def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``actor``; returns the row and the key, which is never shown again."""
    name = name.strip() or _("API token")
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=actor, name=name[:100], key_prefix=key[:12], key_digest=ApiToken.digest(key)
    )
    record_event(actor=actor, verb="token.created", obj=actor, payload={"token": token.key_prefix})
    return token, key


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise AccountsError(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor, verb="token.revoked", obj=actor, payload={"token": token.key_prefix}
        )
    return token


def authenticate_token(key: str) -> User | None:
    """The active user owning an active token with this key, or None. Marks the token used."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=ApiToken.digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def update_profile(
    *, actor: User, first_name: str, last_name: str, email: str, language: str
) -> User:
    changed = []
    for field, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("email", email),
        ("language", language),
    ):
        if getattr(actor, field) != value:
            setattr(actor, field, value)
            changed.append(field)
    if changed:
        actor.save(update_fields=changed)
        record_event(
            actor=actor, verb="user.profile_updated", obj=actor, payload={"fields": changed}
        )
    return actor


@transaction.atomic
def set_language(*, actor: User, language: str) -> User:
    if language not in User.Language.values:
        raise AccountsError(_("Unknown language: %(language)s.") % {"language": language})
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        record_event(
            actor=actor, verb="user.language_changed", obj=actor, payload={"language": language}
        )
    return actor


def remember_chapter(*, actor: User, chapter: Chapter) -> None:
    """Remember the chapter last used, so / opens it next time (not audited: no state of note)."""
    if actor.last_chapter_id != chapter.pk:
        actor.last_chapter = chapter
        actor.save(update_fields=["last_chapter"])


def record_login(*, actor: User, request: HttpRequest) -> None:
    record_event(actor=actor, verb="user.logged_in", request=request)


def record_logout(*, actor: User, request: HttpRequest) -> None:
    record_event(actor=actor, verb="user.logged_out", request=request)


# Two-factor authentication ----------------------------------------------------------------------
# Audit payloads name the kind of code and the stage, never a code or the secret. A refused code
# is recorded (with the throttle's count) in a transaction of its own that commits, and only then
# raised, so the refusal is never rolled back with the error.


@transaction.atomic
def start_totp_enrolment(*, actor: User, request: HttpRequest | None = None) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made with a new random key if none is
    waiting; it counts only once a code from it is confirmed."""
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise TwoFactorError(_("Two-factor authentication is already set up."))
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=actor, name=mfa.TOTP_DEVICE_NAME, confirmed=False, tolerance=1
        )
        record_event(actor=actor, verb="mfa.enrolment_started", obj=actor, request=request)
    return device


def _throttle_message(devices: list[Device]) -> str | None:
    """A message when any of the user's devices is throttled, else None. Wrong codes of either
    kind (app or recovery) hold back both, so alternating kinds gains nothing."""
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
        elif not allowed:
            waits.append(1.0)
    if not waits:
        return None
    seconds = max(1, math.ceil(max(waits)))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)s second and try again.",
        "Too many wrong codes. Wait %(seconds)s seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _refuse(
    *, actor: User, request: HttpRequest | None, kind: str, stage: str, throttled: bool, count: int
) -> None:
    record_event(
        actor=actor,
        verb="mfa.verify_failed",
        obj=actor,
        request=request,
        payload={"kind": kind, "stage": stage, "throttled": throttled, "failures": count},
    )


def confirm_totp_device(
    *, actor: User, device: TOTPDevice, code: str, request: HttpRequest | None = None
) -> list[str]:
    """Confirm the authenticator device with a code from it; make the recovery codes.

    Returns the recovery codes, to be shown this once: only digests are stored.
    """
    if device.user_id != actor.pk or device.confirmed:
        raise TwoFactorError(_("This set-up is no longer valid. Start again."))
    error: TwoFactorError | None = None
    codes: list[str] = []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        waiting = _throttle_message([device])
        if waiting is not None:
            error = TwoFactorThrottled(waiting)
        elif not device.verify_token(mfa.normalise_totp_code(code)):
            error = TwoFactorError(
                _("This code is not right. Check that the clock of your phone is correct.")
            )
        if error is not None:
            _refuse(
                actor=actor,
                request=request,
                kind=mfa.CodeKind.TOTP,
                stage="enrol",
                throttled=isinstance(error, TwoFactorThrottled),
                count=device.throttling_failure_count,
            )
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
            codes = _replace_recovery_codes(actor)
            record_event(
                actor=actor,
                verb="mfa.enrolled",
                obj=actor,
                request=request,
                payload={"recovery_codes": len(codes)},
            )
    if error is not None:
        raise error
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=mfa.RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [mfa.new_recovery_code() for _ in range(mfa.RECOVERY_CODE_COUNT)]
    device.token_set.bulk_create(
        [
            device.token_set.model(device=device, token=mfa.recovery_code_digest(device, code))
            for code in codes
        ]
    )
    return codes


def verify_second_factor(
    *,
    actor: User,
    code: str,
    kind: str,
    stage: str = "login",
    request: HttpRequest | None = None,
) -> Device:
    """Check a code from the authenticator app (``kind="totp"``) or a recovery code.

    A TOTP code is accepted once: the device keeps the last time step used (``last_t``) and
    refuses that step and earlier ones. A recovery code is deleted when used. Wrong codes are
    throttled (1, 2, 4, 8 ... seconds). Returns the device that accepted the code.
    """
    error: TwoFactorError | None = None
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed=True)
            .order_by("pk")
            .first()
        )
        if totp is None:
            raise TwoFactorError(_("Two-factor authentication is not set up."))
        static = (
            StaticDevice.objects.select_for_update()
            .filter(user=actor, confirmed=True)
            .order_by("pk")
            .first()
        )
        devices: list[Device] = [d for d in (totp, static) if d is not None]
        device: Device | None = totp if kind == mfa.CodeKind.TOTP else static
        waiting = _throttle_message(devices)
        if waiting is not None:
            error = TwoFactorThrottled(waiting)
        elif kind == mfa.CodeKind.TOTP:
            if not totp.verify_token(mfa.normalise_totp_code(code)):
                error = TwoFactorError(
                    _("This code is not right, or it was used already. Wait for the next one.")
                )
        elif static is None or not static.verify_token(mfa.recovery_code_digest(static, code)):
            error = TwoFactorError(_("This recovery code is not right, or it was used already."))
            if static is None:
                totp.throttle_increment()
        if error is not None:
            counted = device if device is not None else totp
            _refuse(
                actor=actor,
                request=request,
                kind=kind,
                stage=stage,
                throttled=isinstance(error, TwoFactorThrottled),
                count=counted.throttling_failure_count,
            )
        else:
            assert device is not None
            for other in devices:
                if other is not device and other.throttling_failure_count:
                    other.throttle_reset()
            payload: dict[str, object] = {"kind": kind, "stage": stage}
            if kind == mfa.CodeKind.RECOVERY and static is not None:
                payload["recovery_codes_left"] = static.token_set.count()
            record_event(
                actor=actor, verb="mfa.verified", obj=actor, request=request, payload=payload
            )
    if error is not None:
        raise error
    assert device is not None
    return device


def remove_two_factor(
    *, actor: User, code: str, kind: str, request: HttpRequest | None = None
) -> None:
    """Remove the user's own authenticator and recovery codes, after a current code."""
    verify_second_factor(actor=actor, code=code, kind=kind, stage="remove", request=request)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        record_event(actor=actor, verb="mfa.removed", obj=actor, request=request)


def reset_two_factor(*, user: User, reason: str, by: str) -> int:
    """An operator's reset for a user who lost both their authenticator and their recovery
    codes (``belronde resettwofactor``): removes the devices, so the next login asks for a new
    set-up (a privileged role, when required) or for nothing. ``reason`` and ``by`` go into the
    audit event: a reset must be explained. Returns the number of devices removed."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    with transaction.atomic():
        totp = TOTPDevice.objects.filter(user=user)
        static = StaticDevice.objects.filter(user=user)
        devices = totp.count() + static.count()
        totp.delete()
        static.delete()  # and its recovery codes
        record_event(
            actor=None,
            verb="mfa.reset",
            obj=user,
            payload={"by": by[:100], "reason": reason[:200], "devices": devices},
        )
    return devices


# Password reset requests ------------------------------------------------------------------------

PASSWORD_RESET_WINDOW = dt.timedelta(hours=1)
RESET_REQUESTED = "user.password_reset_requested"
RESET_THROTTLED = "user.password_reset_throttled"


def _reset_address_ref(email: str) -> str:
    """A keyed digest of the address typed in the reset form: the audit log can count requests
    per address without keeping the addresses strangers type (64 hex characters)."""
    normalised = email.strip().casefold()
    return salted_hmac("belronde.password_reset", normalised, algorithm="sha256").hexdigest()


def request_password_reset(
    *, email: str, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> bool:
    """Record a password-reset request and say whether its e-mail may be sent: at most
    ``BELRONDE_PASSWORD_RESETS_PER_ADDRESS`` for one address and
    ``BELRONDE_PASSWORD_RESETS_PER_CLIENT`` from one client address in any sliding hour (issue 10:
    18 mails to one inbox in minutes). Only sent requests count, so a stranger hammering the form
    cannot keep the owner out for longer than the hour. The page answers the same either way, for
    a known or an unknown address, sent or not; a refused request is audited."""
    now = now or timezone.now()
    ref = _reset_address_ref(email)
    ip = client_ip(request)
    recent = AuditEvent.objects.filter(verb=RESET_REQUESTED, at__gt=now - PASSWORD_RESET_WINDOW)
    per_address = int(settings.BELRONDE_PASSWORD_RESETS_PER_ADDRESS)
    per_client = int(settings.BELRONDE_PASSWORD_RESETS_PER_CLIENT)
    reason = ""
    if recent.filter(payload__address=ref).count() >= per_address:
        reason = "address"
    elif ip is not None and recent.filter(ip_address=ip).count() >= per_client:
        reason = "client"
    payload: dict[str, str] = {"address": ref}
    if reason:
        payload["limit"] = reason
    record_event(
        actor=None,
        verb=RESET_THROTTLED if reason else RESET_REQUESTED,
        payload=payload,
        request=request,
    )
    return not reason
