"""`belronde refer --chapter SLUG`: refer an organisation to a service, with a recorded consent.

The same rule as in the web and the API: without a valid consent (given, not withdrawn, not
expired, for this service and organisation) nothing is referred and the command fails.

Example:
  belronde refer --chapter mechelen --as caller1.mechelen --conversation K7M2P9QRST \\
      --service 4HJ8WX2C9N --consent P3W9XK2M7A --reason "RSZ-achterstand" --urgency high
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from belronde.accounts.access import get_chapter_access, require
from belronde.accounts.models import User
from belronde.conversations.access import get_conversation_for_user
from belronde.lib.commands import ChapterCommand
from belronde.referrals import access, actions
from belronde.referrals.models import Consent, Referral


class Command(ChapterCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as", dest="username", required=True, help="Who refers (a user of the chapter)."
        )
        parser.add_argument("--service", required=True, help="The service's code.")
        parser.add_argument("--consent", default="", help="The code of the recorded consent.")
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--conversation", help="The conversation's code.")
        subject.add_argument("--organisation", help="The organisation's code (coordinators).")
        parser.add_argument("--reason", required=True, help="Why: a short problem summary.")
        parser.add_argument(
            "--urgency", default=Referral.Urgency.NORMAL, choices=Referral.Urgency.values
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chapter = options["chapter"]
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active user %(username)s.") % {"username": options["username"]}
            )
        try:
            chapter_access = get_chapter_access(user, chapter.slug)
            require(chapter_access.can_refer)
            service = access.get_service_for_user(chapter_access, options["service"])
            conversation = None
            if options["conversation"]:
                conversation = get_conversation_for_user(
                    chapter_access, user, options["conversation"]
                ).latest_version()
                organisation = conversation.organisation
            else:
                require(chapter_access.can_manage_chapter)
                organisation = chapter.organisations.filter(
                    public_code=options["organisation"]
                ).first()
                if organisation is None:
                    raise Http404
        except Http404:
            raise CommandError(
                _("Not found in chapter %(chapter)s: check the codes.") % {"chapter": chapter.slug}
            ) from None
        except PermissionDenied:
            raise CommandError(
                _("%(username)s may not refer this in chapter %(chapter)s.")
                % {"username": user.username, "chapter": chapter.slug}
            ) from None
        consent = (
            Consent.objects.filter(chapter=chapter, public_code=options["consent"]).first()
            if options["consent"]
            else None
        )
        try:
            referral = actions.create_referral(
                actor=user,
                service=service,
                organisation=organisation,
                consent=consent,
                reason=options["reason"],
                urgency=options["urgency"],
                conversation=conversation,
            )
        except actions.ReferralError as exc:
            raise CommandError(exc.message) from None
        self.emit(
            options,
            {
                "referral": referral.public_code,
                "status": referral.status,
                "service": service.public_code,
                "consent": referral.consent.public_code,
            },
            _("Referral %(code)s to %(service)s: %(status)s.")
            % {
                "code": referral.public_code,
                "service": service.name,
                "status": referral.get_status_display(),
            },
        )
