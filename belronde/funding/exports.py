"""A funding claim as the funder receives it: PDF, CSV and XLSX, pseudonymous.

One :class:`ClaimDocument` holds what every format shows: the programme, the funder, the period,
the status and the dates, one line per trajectory (its number in the programme, its start, the
NACE section and the size band of the firm, the trajectory's status, the price and the amount
claimed; a correction says which earlier line it corrects) and the totals. A name or an
enterprise number appears only when the programme says its funder needs them
(``Programme.funder_sees_identity``); whoever downloads it, the document is the funder's.

- CSV: ``;`` and UTF-8 with a BOM, as the member export (``members.exports.csv_lines``), so a
  Belgian Excel opens it; amounts as numbers with a decimal point, dates as ISO dates.
- XLSX: one sheet, every text a string cell, never a formula (``members.exports.xlsx_bytes``).
- PDF: WeasyPrint, as the analysis report and the invoice, in Dutch or English.

Every text cell goes through ``members.exports.safe_cell``: a programme named ``=1+1`` stays
text. :func:`download` renders one and records ``claim.downloaded`` (format and language).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import User
from belronde.audit.actions import record_event
from belronde.coaching.models import Trajectory
from belronde.funding import access
from belronde.funding.models import ZERO, ClaimLine, FundingClaim
from belronde.members import exports as sheets
from belronde.members.models import Organisation
from belronde.members.reference import nace_sections

# WeasyPrint logs every layout step at INFO; keep its warnings (missing fonts, bad CSS) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FORMATS = ("pdf", "csv", "xlsx")
#: the languages a claim is written in: the chapter's (Dutch) and English
LANGUAGES = ("nl", "en")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: the first word of the file name, per language
FILE_WORD = {"nl": "declaratie", "en": "claim"}


def language_of(wanted: str | None) -> str:
    """``nl`` or ``en`` from a language code (``en-gb`` -> ``en``); Dutch otherwise."""
    return "en" if (wanted or "").lower().startswith("en") else "nl"


@dataclass(frozen=True)
class Line:
    pseudonym: str
    started_on: dt.date
    nace_section: str
    sector: str
    size_band: str
    status: str
    outcome: str
    price: Decimal
    amount: Decimal
    note: str
    is_correction: bool
    name: str = ""
    enterprise_number: str = ""


@dataclass(frozen=True)
class ClaimDocument:
    claim: FundingClaim
    language: str
    creditor: str
    programme: str
    programme_code: str
    funder: str
    period: str
    period_start: dt.date
    period_end: dt.date
    status: str
    status_label: str
    submitted_on: dt.date | None
    paid_on: dt.date | None
    paid_amount: Decimal | None
    lines: list[Line]
    trajectories: int
    corrections: Decimal
    total: Decimal
    identified: bool
    generated: dt.datetime

    @property
    def is_draft(self) -> bool:
        return self.status == FundingClaim.Status.DRAFT


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _sector(letter: str, language: str) -> str:
    section = nace_sections("2008").get(letter) if letter else None
    return section.label(language) if section else ""


def line_note(line: ClaimLine) -> str:
    if line.corrects_id is not None and line.corrects is not None:
        return _("correction of %(pseudonym)s in %(period)s") % {
            "pseudonym": line.corrects.pseudonym,
            "period": line.corrects.claim.period,
        }
    if line.note == "late":
        return _("started before this period, claimed late")
    return ""


def describe_line(line: ClaimLine, language: str, identity: dict[int, tuple[str, str]]) -> Line:
    """One line in words (in the active language), with a name only where ``identity`` has it."""
    name, number = identity.get(line.pk, ("", ""))
    return Line(
        pseudonym=line.pseudonym,
        started_on=line.started_on,
        nace_section=line.nace_section,
        sector=_sector(line.nace_section, language),
        size_band=_label(Organisation.SizeBand, line.size_band),
        status=capfirst(_label(Trajectory.Status, line.status)) if line.status else "",
        outcome=capfirst(_label(Trajectory.Outcome, line.outcome)) if line.outcome else "",
        price=line.price,
        amount=line.amount,
        note=line_note(line),
        is_correction=line.corrects_id is not None,
        name=name,
        enterprise_number=number,
    )


def claim_document(claim: FundingClaim, rights: ChapterAccess, language: str) -> ClaimDocument:
    """What the exports show of ``claim``, in ``language`` (``nl`` or ``en``)."""
    language = language_of(language)
    programme = claim.programme
    identity = access.identified_lines(claim, rights) if programme.funder_sees_identity else {}
    with translation.override(language):
        lines = [describe_line(line, language, identity) for line in access.claim_lines(claim)]
        status_label = capfirst(_label(FundingClaim.Status, claim.status))
    return ClaimDocument(
        claim=claim,
        language=language,
        creditor=programme.creditor_name,
        programme=programme.name,
        programme_code=programme.code,
        funder=programme.funder.name,
        period=claim.period,
        period_start=claim.period_start,
        period_end=claim.period_end,
        status=claim.status,
        status_label=status_label,
        submitted_on=timezone.localdate(claim.submitted_at) if claim.submitted_at else None,
        paid_on=claim.paid_on,
        paid_amount=claim.paid_amount,
        lines=lines,
        trajectories=claim.trajectories,
        corrections=sum((line.amount for line in lines if line.is_correction), ZERO),
        total=claim.total,
        identified=programme.funder_sees_identity,
        generated=timezone.localtime(),
    )


# CSV and XLSX ------------------------------------------------------------------------------------


def _short(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def sheet_rows(doc: ClaimDocument) -> list[list[Any]]:
    """The rows of the CSV and the XLSX: what the claim is, a blank row, the lines with their
    header, the totals. Amounts are numbers (``Decimal``), dates are dates."""
    with translation.override(doc.language):
        rows: list[list[Any]] = [
            [_("Funding claim"), doc.claim.public_code],
            [_("Programme"), f"{doc.programme} ({doc.programme_code})"],
            [_("Funder"), doc.funder],
            [_("Period"), doc.period],
            [_("From"), doc.period_start],
            [_("Until"), doc.period_end],
            [_("Status"), doc.status_label],
            [_("Submitted on"), doc.submitted_on or ""],
        ]
        if doc.paid_on is not None:
            rows.append([_("Paid on"), doc.paid_on])
            rows.append([_("Amount paid"), doc.paid_amount])
        header = [
            _("Trajectory"),
            _("Started on"),
            _("NACE section"),
            _("Sector"),
            _("Size (employees)"),
            _("Trajectory status"),
            _("Outcome"),
            _("Price (excl. VAT)"),
            _("Amount claimed"),
            _("Note"),
        ]
        if doc.identified:
            header += [_("Organisation"), _("Enterprise number")]
        rows += [[], header]
        for line in doc.lines:
            row: list[Any] = [
                line.pseudonym,
                line.started_on,
                line.nace_section,
                line.sector,
                line.size_band,
                line.status,
                line.outcome,
                line.price,
                line.amount,
                line.note,
            ]
            if doc.identified:
                row += [line.name, line.enterprise_number]
            rows.append(row)
        rows += [
            [],
            [_("Trajectories"), doc.trajectories],
            [_("Corrections"), doc.corrections],
            [_("Total claimed"), doc.total],
        ]
    return rows


def csv_bytes(doc: ClaimDocument) -> bytes:
    first, *rest = sheet_rows(doc)
    return "".join(sheets.csv_lines(first, rest)).encode("utf-8")


def xlsx_bytes(doc: ClaimDocument) -> bytes:
    first, *rest = sheet_rows(doc)
    return sheets.xlsx_bytes(first, rest, title=f"{doc.programme_code} {doc.period}")


# PDF ---------------------------------------------------------------------------------------------


def claim_html(doc: ClaimDocument) -> str:
    with translation.override(doc.language):
        return render_to_string(
            "funding/claim_pdf.html", {"doc": doc, "LANGUAGE_CODE": doc.language}
        )


def pdf_bytes(doc: ClaimDocument) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    stylesheet = finders.find("funding/claim.css")
    assert isinstance(stylesheet, str), "funding/claim.css is missing"
    document = HTML(string=claim_html(doc), base_url=None)
    pdf = document.render(stylesheets=[CSS(filename=stylesheet)]).write_pdf()
    assert pdf is not None
    return bytes(pdf)


# One file ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    content_type: str


def filename(claim: FundingClaim, fmt: str, language: str) -> str:
    """``declaratie-traject-2026-2021Q1.pdf`` (``claim-...`` in English; ``-ontwerp``/
    ``-draft`` for a draft)."""
    language = language_of(language)
    draft = {"nl": "-ontwerp", "en": "-draft"}[language] if claim.is_draft else ""
    return f"{FILE_WORD[language]}-{claim.programme.code}-{claim.period}{draft}.{fmt}"


def render(claim: FundingClaim, rights: ChapterAccess, fmt: str, language: str) -> Export:
    """``claim`` as a ``fmt`` file (pdf, csv, xlsx) in ``language``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    doc = claim_document(claim, rights, language)
    content = {"pdf": pdf_bytes, "csv": csv_bytes, "xlsx": xlsx_bytes}[fmt](doc)
    return Export(
        content=content,
        filename=filename(claim, fmt, doc.language),
        content_type=CONTENT_TYPES[fmt],
    )


@transaction.atomic
def download(
    *,
    actor: User | None,
    claim: FundingClaim,
    rights: ChapterAccess,
    fmt: str,
    language: str,
    request: HttpRequest | None = None,
    via: str = "web",
) -> Export:
    """Render ``claim`` and record who took it (``claim.downloaded``), in one transaction."""
    export = render(claim, rights, fmt, language)
    record_event(
        actor=actor,
        verb="claim.downloaded",
        chapter=claim.programme.chapter,
        obj=claim,
        payload={
            "format": fmt,
            "language": language_of(language),
            "status": claim.status,
            "period": claim.period,
            "via": via,
        },
        request=request,
    )
    return export
