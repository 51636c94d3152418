"""`belronde funding split|claim`: the cost split of a trajectory, and a programme's claim.

``split``: who pays what of a trajectory's price (belronde.finance.costsplit).

    belronde funding split --price 900 --contribution 350 --participant-cap 200 --json
    {"price": "900.00", "funder": "350.00", "participant": "200.00", "federation": "350.00"}

Bad input (negative, not a number, more than two decimals) exits with code 2 and a one-line
reason.

``claim``: the claim of a programme to its funder for one period, written to a file as PDF, CSV
or XLSX (pseudonymous, as the funder receives it; in Dutch, the chapter's language, unless
``--document-language en``). The submitted (or paid) claim of the period is exported as it was
submitted; without a claim, the draft is prepared first, as the chapter's first coordinator
(``--refresh`` rebuilds an existing draft). Unknown chapter, programme or period: exit 1 with
the reason; a bad ``--format``: exit 2.

    belronde funding claim --chapter mechelen --programme traject-2026 --period 2026Q1 \
        --format pdf --output claim.pdf --json
    {"claim": "K7M...", "period": "2026Q1", "status": "draft", "lines": 3, "total": "1050.00",
     "output": "claim.pdf"}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from belronde.finance import costsplit
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{split,claim}")
        split = actions.add_parser(
            "split",
            help="Split a trajectory's price between the funder, the participant and the "
            "federation (amounts in euro, at most two decimals).",
        )
        split.add_argument("--price", required=True, help="The trajectory's price, e.g. 900.")
        split.add_argument(
            "--contribution", required=True, help="The funder's contribution per trajectory."
        )
        split.add_argument(
            "--participant-cap", required=True, help="The most the participant pays."
        )
        split.add_argument("--json", action="store_true", help="Print JSON.")
        claim = actions.add_parser(
            "claim",
            help="Write a programme's claim to its funder for one period (PDF, CSV or XLSX).",
        )
        claim.add_argument("--chapter", required=True, help="The chapter's slug, e.g. mechelen.")
        claim.add_argument("--programme", required=True, help="The programme's code.")
        claim.add_argument(
            "--period", required=True, help="2021Q1 (quarter), 2021M03 (month) or 2021 (year)."
        )
        claim.add_argument("--format", required=True, choices=FORMATS, help="pdf, csv or xlsx.")
        claim.add_argument("--output", required=True, help="The file to write.")
        claim.add_argument(
            "--document-language",
            choices=["nl", "en"],
            default="nl",
            help="The language of the claim itself (default: nl, the chapter's).",
        )
        claim.add_argument(
            "--refresh", action="store_true", help="Rebuild the period's draft before writing."
        )
        claim.add_argument("--json", action="store_true", help="Print a JSON summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "claim":
            claim(self, options)
            return
        try:
            result = costsplit.split(
                options["price"], options["contribution"], options["participant_cap"]
            )
        except costsplit.SplitError as exc:
            raise CommandError(str(exc), returncode=2) from None
        data = result.as_json()
        if options.get("json"):
            self.stdout.write(json.dumps(data))
            return
        width = max(len(v) for v in data.values())
        self.stdout.write(
            "\n".join(
                f"{label:<12} EUR {data[key]:>{width}}"
                for key, label in (
                    ("price", "price"),
                    ("funder", "funder"),
                    ("participant", "participant"),
                    ("federation", "federation"),
                )
            )
        )


FORMATS = ("pdf", "csv", "xlsx")


def _chapter(slug: str) -> Any:
    """The chapter ``slug``, with the same one-line error as ``ChapterCommand``."""
    from belronde.accounts.models import Chapter

    found = Chapter.objects.select_related("region").filter(slug=slug).first()
    if found is None:
        known = ", ".join(Chapter.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            _("No chapter %(slug)s. Known chapters: %(known)s.")
            % {"slug": slug, "known": known or _("none yet")}
        )
    return found


def _coordinator(chapter: Any) -> Any:
    """The chapter's first coordinator (the oldest active membership): who prepares a draft."""
    from belronde.accounts import roles
    from belronde.accounts.models import Membership

    membership = (
        Membership.objects.filter(
            chapter=chapter,
            role__in=roles.FUNDING_MANAGE_ROLES,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise CommandError(
            _("Chapter %(chapter)s has no coordinator to prepare the claim as.")
            % {"chapter": chapter.slug}
        )
    return membership.user


def claim(command: BelrondeCommand, options: dict[str, Any]) -> None:
    from belronde.accounts.access import get_chapter_access
    from belronde.funding import access, actions, exports

    chapter = _chapter(options["chapter"])
    actor = _coordinator(chapter)
    rights = get_chapter_access(actor, chapter.slug)
    code = options["programme"]
    try:
        programme = access.get_programme(rights, actor, code)
    except Http404:
        known = ", ".join(
            access.programmes_for(rights, actor).order_by("code").values_list("code", flat=True)
        )
        raise CommandError(
            _("No programme %(code)s in chapter %(chapter)s. Known programmes: %(known)s.")
            % {"code": code, "chapter": chapter.slug, "known": known or _("none yet")}
        ) from None
    try:
        period, _start, end = actions.period_bounds(programme, options["period"])
    except actions.FundingError as exc:
        raise CommandError(exc.message) from None
    if end < programme.window_start:
        raise CommandError(
            _("The period %(period)s ends before the window of %(code)s starts (%(date)s).")
            % {
                "period": period,
                "code": programme.code,
                "date": programme.window_start.strftime("%d/%m/%Y"),
            }
        )
    found = access.claims_for(rights, actor, programme).filter(period=period).first()
    try:
        if found is None or (found.is_draft and options["refresh"]):
            found = actions.prepare_claim(actor=actor, programme=programme, period=period)
    except actions.FundingError as exc:
        raise CommandError(exc.message) from None
    found = access.get_claim(rights, actor, programme, found.public_code)
    export = exports.download(
        actor=None,
        claim=found,
        rights=rights,
        fmt=options["format"],
        language=options["document_language"],
        via="cli",
    )
    output = Path(options["output"])
    try:
        output.write_bytes(export.content)
    except OSError as exc:
        raise CommandError(
            _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": exc.strerror}
        ) from None
    lines = found.lines.count()
    summary = {
        "claim": found.public_code,
        "period": found.period,
        "status": found.status,
        "lines": lines,
        "total": f"{found.total:.2f}",
        "output": str(output),
    }
    if options.get("json"):
        command.stdout.write(json.dumps(summary))
        return
    command.stdout.write(
        _("Claim %(period)s of %(code)s (%(status)s): %(lines)s line(s), EUR %(total)s -> %(path)s")
        % {
            "period": found.period,
            "code": programme.code,
            "status": found.get_status_display(),
            "lines": lines,
            "total": summary["total"],
            "path": output,
        }
    )
