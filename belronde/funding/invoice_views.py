"""The coordinator's invoice pages: the list by payment status, one invoice with its payments
and credit note, issuing an invoice from an enrolment, a credit note with its reason, a payment
recorded by hand, the PDF, and the bank CSV upload with its report.

Only a coordinator (``access.can_manage_funding``) reaches them; a funder sees claims, never a
participant's invoice. Every change is one action of ``funding.actions``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.funding import access, actions, invoice_pdf
from belronde.funding.invoice_forms import BankUploadForm, CreditNoteForm, PaymentForm
from belronde.funding.models import BankImport, ParticipantInvoice
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.lib.money import format_money

COORDINATOR = tuple(roles.FUNDING_MANAGE_ROLES)
PAGE_SIZE = 50
State = ParticipantInvoice.State
Kind = ParticipantInvoice.Kind
ALL = "all"


def _in_state(invoices: QuerySet[ParticipantInvoice], state: str) -> QuerySet[ParticipantInvoice]:
    """The invoices (annotated by ``access.with_status``) whose ``access.invoice_state`` is
    ``state``; a credit note counts as credited."""
    if state == State.CREDITED:
        return invoices.filter(Q(kind=Kind.CREDIT_NOTE) | Q(credited=True))
    # Q objects: the annotations are not fields the type checker knows
    unpaid = invoices.filter(Q(kind=Kind.INVOICE), Q(credited=False))
    if state == State.OPEN:
        return unpaid.filter(Q(paid__lte=0))
    if state == State.PARTLY_PAID:
        return unpaid.filter(Q(paid__gt=0), Q(paid__lt=F("total")))
    return unpaid.filter(Q(paid__gte=F("total")))


def _to_invoice(request: ChapterRequest, invoice: ParticipantInvoice) -> HttpResponse:
    return redirect(
        "funding:invoice_detail", chapter=request.chapter.slug, code=invoice.public_code
    )


def _state_label(request: ChapterRequest, invoice: ParticipantInvoice) -> str:
    """The invoice's status as it is now (after a payment just recorded)."""
    fresh = access.get_invoice(request.access, invoice.public_code)
    return str(State(access.invoice_state(fresh)).label)


# The list ----------------------------------------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_GET
def invoice_list(request: ChapterRequest) -> HttpResponse:
    """Invoices and credit notes, newest first, filtered by payment status."""
    invoices = access.invoices_for(request.access)
    status = request.GET.get("status", ALL)
    if status not in State.values:
        status = ALL
    filters = [
        *((value, label, _in_state(invoices, value).count()) for value, label in State.choices),
        (ALL, _("All"), invoices.count()),
    ]
    shown = invoices if status == ALL else _in_state(invoices, status)
    ordered = shown.order_by("-year", "-sequence", "-id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for invoice in page.object_list:
        state = access.invoice_state(invoice)
        late = state in {State.OPEN, State.PARTLY_PAID} and invoice.due_on < today
        rows.append((invoice, state, State(state).label, late))
    return render(
        request,
        "funding/invoice_list.html",
        {"page": page, "rows": rows, "status": status, "filters": filters},
    )


# One invoice -------------------------------------------------------------------------------------


def _detail(
    request: ChapterRequest,
    invoice: ParticipantInvoice,
    *,
    payment_form: PaymentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    state = access.invoice_state(invoice)
    is_invoice = invoice.kind == Kind.INVOICE
    open_invoice = is_invoice and state != State.CREDITED
    paid = getattr(invoice, "paid", Decimal(0)) or Decimal(0)
    return render(
        request,
        "funding/invoice_detail.html",
        {
            "invoice": invoice,
            "state": state,
            "state_label": State(state).label,
            "is_invoice": is_invoice,
            "ogm": actions.format_ogm(invoice.ogm),
            "payments": access.payments_of(invoice),
            "paid": paid,
            "open_amount": max(invoice.total - paid, Decimal(0)) if open_invoice else None,
            "credit_note": access.credit_note_of(invoice) if is_invoice else None,
            "can_credit": open_invoice,
            # a paid invoice takes no more payments by hand (an overpayment comes from the bank)
            "payment_form": (
                (payment_form or PaymentForm())
                if open_invoice and (payment_form or state != State.PAID)
                else None
            ),
            "buyer_enterprise_number": invoice_pdf.enterprise_number(
                invoice.buyer_enterprise_number
            ),
        },
        status=status,
    )


@chapter_view(*COORDINATOR)
@require_GET
def invoice_detail(request: ChapterRequest, code: str) -> HttpResponse:
    return _detail(request, access.get_invoice(request.access, code))


def _back(request: ChapterRequest) -> HttpResponse:
    """Where the enrolment row's form came from (its ``next``), else the invoice list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("funding:invoice_list", chapter=request.chapter.slug)


@chapter_view(*COORDINATOR)
@require_POST
def invoice_issue(request: ChapterRequest, enrolment: str) -> HttpResponse:
    """Invoice the participant's part of an enrolled trajectory (the enrolment row's button)."""
    found = access.get_enrolment(request.access, enrolment)
    try:
        invoice = actions.issue_invoice(actor=request.user, enrolment=found)
    except actions.AlreadyInvoiced as exc:
        show_error(request, exc)
        existing = access.open_invoice_of(found)
        return _to_invoice(request, existing) if existing is not None else _back(request)
    except actions.FundingError as exc:
        show_error(request, exc)
        return _back(request)
    messages.success(
        request,
        _("Invoice %(number)s of %(total)s has been issued. Download the PDF for the participant.")
        % {"number": invoice.number, "total": format_money(invoice.total)},
    )
    return _to_invoice(request, invoice)


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def invoice_credit(request: ChapterRequest, code: str) -> HttpResponse:
    """Cancel an invoice by a credit note for its full amount, with the reason."""
    invoice = access.get_invoice(request.access, code)
    if invoice.kind != Kind.INVOICE or access.invoice_state(invoice) == State.CREDITED:
        messages.info(request, _("This invoice has been credited already."))
        return _to_invoice(request, invoice)
    form = CreditNoteForm(request.POST) if request.method == "POST" else CreditNoteForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                note = actions.issue_credit_note(
                    actor=request.user, invoice=invoice, reason=form.cleaned_data["reason"]
                )
            except actions.FundingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Credit note %(note)s cancels invoice %(number)s.")
                    % {"note": note.number, "number": invoice.number},
                )
                return _to_invoice(request, note)
    return render(
        request,
        "funding/invoice_credit.html",
        {
            "invoice": invoice,
            "form": form,
            "paid": getattr(invoice, "paid", Decimal(0)) or Decimal(0),
        },
        status=status,
    )


@chapter_view(*COORDINATOR)
@require_POST
def invoice_payment(request: ChapterRequest, code: str) -> HttpResponse:
    """A payment received outside the bank export (cash, another account), by hand."""
    invoice = access.get_invoice(request.access, code)
    if invoice.kind != Kind.INVOICE or access.invoice_state(invoice) == State.CREDITED:
        messages.error(request, _("A credited invoice takes no more payments."))
        return _to_invoice(request, invoice)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return _detail(request, invoice, payment_form=form, status=400)
    try:
        payment = actions.record_payment(
            actor=request.user,
            invoice=invoice,
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
        )
    except actions.FundingError as exc:
        show_error(request, exc, form=form)
        return _detail(request, invoice, payment_form=form, status=exc.status)
    messages.success(
        request,
        _("A payment of %(amount)s has been recorded. The invoice is now: %(state)s.")
        % {"amount": format_money(payment.amount), "state": _state_label(request, invoice)},
    )
    return _to_invoice(request, invoice)


@chapter_view(*COORDINATOR)
@require_GET
def invoice_pdf_download(request: ChapterRequest, code: str) -> HttpResponse:
    """The invoice's PDF in its own language; each download is audited."""
    invoice = access.get_invoice(request.access, code)
    pdf = invoice_pdf.render_invoice(invoice)
    actions.record_invoice_download(actor=request.user, invoice=invoice, request=request)
    return attachment(pdf, invoice_pdf.filename(invoice), "application/pdf")


# The bank's CSV export ---------------------------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def bank_upload(request: ChapterRequest) -> HttpResponse:
    """Upload the bank's CSV export: lines whose structured communication is an invoice's
    become its payments; the report says what did not match."""
    form = (
        BankUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else BankUploadForm()
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = actions.import_bank_csv(
                    actor=request.user,
                    chapter=request.chapter,
                    filename=str(upload.name),
                    data=upload.read(),
                )
            except actions.FundingError as exc:
                show_error(request, exc, form=form, field="file")
                status = exc.status
            else:
                batch = result.bank_import
                messages.success(request, _summary(batch))
                return redirect(
                    "funding:bank_import", chapter=request.chapter.slug, code=batch.public_code
                )
    return render(
        request,
        "funding/bank_upload.html",
        {"form": form, "imports": access.bank_imports_for(request.access)[:20]},
        status=status,
    )


@dataclass(frozen=True)
class ReportRow:
    """A line of the report of what did not match, for the page."""

    row: int
    date: dt.date | None
    amount: Decimal | None
    counterparty: str
    communication: str
    reason: str
    invoice: str


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _report_rows(batch: BankImport) -> list[ReportRow]:
    rows = []
    for entry in batch.report if isinstance(batch.report, list) else []:
        if not isinstance(entry, dict):
            continue
        reason = actions.not_matched_message(str(entry.get("reason", "")))
        detail = entry.get("detail") or ""
        column = entry.get("column") or ""
        if detail:
            reason = f"{reason}: {detail}"
        if column:
            reason = _("%(reason)s (column “%(column)s”)") % {"reason": reason, "column": column}
        rows.append(
            ReportRow(
                row=int(entry.get("row") or 0),
                date=_date(entry.get("date")),
                amount=_amount(entry.get("amount")),
                counterparty=str(entry.get("counterparty") or ""),
                communication=str(entry.get("ogm") or entry.get("communication") or ""),
                reason=reason,
                invoice=str(entry.get("invoice") or ""),
            )
        )
    return rows


def _summary(batch: BankImport) -> str:
    lines = ngettext("%(n)s line read", "%(n)s lines read", batch.lines) % {"n": batch.lines}
    return _(
        "%(file)s: %(lines)s, %(matched)s matched to an invoice, %(known)s imported before, "
        "%(rest)s to look at."
    ) % {
        "file": batch.filename,
        "lines": lines,
        "matched": batch.matched,
        "known": batch.already_known,
        "rest": len(batch.report) if isinstance(batch.report, list) else 0,
    }


@chapter_view(*COORDINATOR)
@require_GET
def bank_import(request: ChapterRequest, code: str) -> HttpResponse:
    """The report of one upload: the payments it made, what did not match and why, and how
    many lines had been imported before."""
    batch = access.get_bank_import(request.access, code)
    return render(
        request,
        "funding/bank_import.html",
        {
            "batch": batch,
            "payments": access.payments_of_import(batch),
            "report": _report_rows(batch),
            "list_url": reverse("funding:invoice_list", kwargs={"chapter": request.chapter.slug}),
        },
    )
