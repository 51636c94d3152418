"""A participant invoice or credit note as a PDF (WeasyPrint), in the invoice's language.

The federation (``programme.creditor_*``) is the seller, the buyer is who the invoice was made
out to (``buyer_*``, kept on the invoice whatever changes later). An invoice carries the amount
to pay, the structured communication as ``+++ddd/dddd/ddddd+++``, the IBAN and BIC and the EPC
"SEPA credit transfer" QR code (``finance.epc`` drawn by ``lib.qr``) that a banking app scans;
a credit note names the invoice it cancels and has no QR code: there is nothing to pay.
"""

from __future__ import annotations

import base64
import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belronde.finance.epc import EpcError, epc_payload
from belronde.funding.actions import format_ogm
from belronde.funding.models import ParticipantInvoice
from belronde.lib.qr import qr_svg

# WeasyPrint logs every layout step at INFO; keep its warnings (missing fonts, bad CSS) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

#: the languages an invoice is written in (``ParticipantInvoice.language``)
LANGUAGES = ("nl", "en", "fr")
#: CSS pixels per QR module: a version 5-7 code is 4 to 5 cm wide, easy to scan on paper
QR_SCALE = 3


def _language(invoice: ParticipantInvoice) -> str:
    return invoice.language if invoice.language in LANGUAGES else "nl"


def enterprise_number(number: str) -> str:
    """0403170701 -> BE 0403.170.701, as an invoice writes a Belgian enterprise number."""
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) == 10:
        return f"BE {digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return number


def payment_qr(invoice: ParticipantInvoice) -> str | None:
    """The EPC QR code of an invoice as an SVG ``data:`` URI for the PDF's ``<img>`` (embedded
    in the document, nothing fetched, no markup marked safe); None for a credit note, or when
    the programme's payment details cannot go into a code (the PDF still gives them in
    words)."""
    if invoice.kind != ParticipantInvoice.Kind.INVOICE or invoice.total <= 0:
        return None
    programme = invoice.programme
    try:
        payload = epc_payload(
            name=programme.creditor_name,
            iban=programme.iban,
            bic=programme.bic,
            amount=invoice.total,
            ogm=invoice.ogm,
            text=(_("Invoice %(number)s") % {"number": invoice.number})[:70],
        )
    except EpcError as exc:
        logger.warning("invoice %s: no QR code (%s)", invoice.public_code, exc)
        return None
    svg = qr_svg(payload, label=_("Scan to pay"), scale=QR_SCALE)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def invoice_html(invoice: ParticipantInvoice) -> str:
    language = _language(invoice)
    with translation.override(language):
        is_credit = invoice.kind == ParticipantInvoice.Kind.CREDIT_NOTE
        context = {
            "invoice": invoice,
            "programme": invoice.programme,
            "is_credit": is_credit,
            "credited": invoice.credits if is_credit else None,
            "ogm": format_ogm(invoice.ogm),
            "buyer_enterprise_number": enterprise_number(invoice.buyer_enterprise_number),
            "qr": None if is_credit else payment_qr(invoice),
            "generated": timezone.localtime(),
            "LANGUAGE_CODE": language,
        }
        return render_to_string("funding/invoice_pdf.html", context)


def render_invoice(invoice: ParticipantInvoice) -> bytes:
    """The PDF of ``invoice`` (an invoice or a credit note)."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    stylesheet = finders.find("funding/invoice.css")
    assert isinstance(stylesheet, str), "funding/invoice.css is missing"
    document = HTML(string=invoice_html(invoice), base_url=None).render(
        stylesheets=[CSS(filename=stylesheet)]
    )
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)


def filename(invoice: ParticipantInvoice) -> str:
    """``factuur-MECHEL-2026-00001.pdf`` (``creditnota-...`` for a credit note), in the
    invoice's language."""
    with translation.override(_language(invoice)):
        word = (
            _("credit-note")
            if invoice.kind == ParticipantInvoice.Kind.CREDIT_NOTE
            else _("invoice")
        )
    return f"{word}-{invoice.number}.pdf"
