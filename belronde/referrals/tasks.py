"""E-mail about referrals, sent by the task worker (enqueued on commit by the actions)."""

from __future__ import annotations

from django.tasks import task

from belronde.accounts.models import Membership, User
from belronde.lib.mail import Recipient, absolute_url, send_localised
from belronde.referrals.models import Referral, Service

Role = Membership.Role


def _users(referral: Referral, **membership: object) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__chapter=referral.chapter,
            memberships__is_active=True,
            **{f"memberships__{k}": v for k, v in membership.items()},
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def recipients_of_new(referral: Referral) -> list[User]:
    """Coaches for the federation's coaching (coordinators when there is no coach); the partner's
    users for a partner service."""
    if referral.service.kind == Service.Kind.PARTNER:
        return _users(
            referral,
            role=Role.PARTNER,
            partner_organisation=referral.service.partner_organisation,
        )
    return _users(referral, role=Role.COACH) or _users(referral, role=Role.COORDINATOR)


def recipients_of_feedback(referral: Referral) -> list[User]:
    """The person who referred and the chapter's coordinators."""
    users = {u.pk: u for u in _users(referral, role=Role.COORDINATOR)}
    referrer = referral.created_by
    if referrer.is_active and referrer.email:
        users.setdefault(referrer.pk, referrer)
    return [users[pk] for pk in sorted(users)]


def _load(referral_id: int) -> Referral | None:
    return (
        Referral.objects.select_related(
            "chapter", "service", "organisation", "consent", "created_by"
        )
        .filter(pk=referral_id)
        .first()
    )


@task()
def notify_new_referral(referral_id: int) -> int:
    """Tell the recipients a referral is waiting. No personal data in the mail: only a link."""
    referral = _load(referral_id)
    if referral is None or not referral.consent.is_valid():
        return 0
    if referral.service.kind == Service.Kind.PARTNER:
        url = absolute_url(
            "referrals:partner_detail", chapter=referral.chapter.slug, code=referral.public_code
        )
    else:
        url = absolute_url(
            "referrals:detail", chapter=referral.chapter.slug, code=referral.public_code
        )
    sent = 0
    for user in recipients_of_new(referral):
        sent += send_localised(
            Recipient(user.email, user.language, user.display_name),
            "referrals/email/new_referral",
            {"referral": referral, "url": url, "chapter": referral.chapter.name},
        )
    return sent


@task()
def notify_referral_feedback(referral_id: int) -> int:
    """Tell the referrer (and the coordinators) what happened: accepted help or declined."""
    referral = _load(referral_id)
    if referral is None:
        return 0
    url = absolute_url("referrals:detail", chapter=referral.chapter.slug, code=referral.public_code)
    sent = 0
    for user in recipients_of_feedback(referral):
        sent += send_localised(
            Recipient(user.email, user.language, user.display_name),
            "referrals/email/feedback",
            {
                "referral": referral,
                "url": url,
                "is_referrer": user.pk == referral.created_by_id,
            },
        )
    return sent
