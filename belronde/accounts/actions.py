"""Every state change of accounts: atomic, audited, shared by views, API and CLI."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.accounts.models import (
    ApiToken,
    Chapter,
    Membership,
    PartnerOrganisation,
    Region,
    User,
    postal_code_validator,
)
from belronde.audit.actions import record_event


class AccountsError(ValueError):
    """A request that cannot be carried out, with a message for the user."""


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
