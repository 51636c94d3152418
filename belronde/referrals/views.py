"""Referrals: consent then referral from a conversation, the lists and queues, the partner portal,
services and their consent texts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.actions import record_event
from belronde.conversations.access import get_conversation_for_user
from belronde.lib.errors import show_error
from belronde.referrals import access, actions, labels, sharing
from belronde.referrals.forms import (
    AcceptForm,
    CloseForm,
    ConsentTextForm,
    DeclineForm,
    ReferForm,
    ServiceForm,
    WithdrawForm,
)
from belronde.referrals.models import Language, Referral, Service
from belronde.themes import access as chapter_themes

INTERNAL = tuple(roles.REFERRAL_ROLES)
COORDINATOR = tuple(roles.MANAGE_CHAPTER_ROLES)
RECIPIENTS = tuple(roles.COACHING_REFERRAL_ROLES)
PARTNER = tuple(roles.PARTNER_ROLES)
PAGE_SIZE = 30


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


# Consent, then referral ---------------------------------------------------------------------------


@chapter_view(*INTERNAL)
@require_http_methods(["GET", "POST"])
def refer(request: ChapterRequest, code: str, service: str) -> HttpResponse:
    """Read the consent text to the entrepreneur, record the answer, and refer."""
    conversation = get_conversation_for_user(request.access, request.user, code).latest_version()
    target = access.get_service_for_user(request.access, service)
    person = conversation.person
    default_language = person.language if person else Language.DUTCH
    wanted = request.GET.get("language", default_language)
    if wanted not in Language.values:
        wanted = default_language
    text = actions.text_for(target, wanted)
    suggestion = actions.suggestion_for(conversation)
    form = ReferForm(
        request.POST or None,
        persons=conversation.organisation.persons.all(),
        initial={
            "person": person.public_code if person else None,
            # within the federation the rules' reasons are a fair start; a partner must not get
            # the health colour or cash figures through the summary, so the caller writes it
            "reason": ""
            if target.is_partner
            else " ".join(labels.reason_texts(suggestion.reasons)),
            "text_language": text.language if text else wanted,
            "text_version": text.version if text else None,
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            # the text that was read out, even if a newer version appeared in the meantime
            text = access.get_consent_text(target, data["text_language"], data["text_version"])
            try:
                _consent, referral = actions.refer_with_consent(
                    actor=request.user,
                    conversation=conversation,
                    service=target,
                    text=text,
                    answer=data["answer"],
                    method=data["method"],
                    reason=data["reason"],
                    urgency=data["urgency"],
                    person=data["person"],
                )
            except actions.ReferralError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                if referral is None:
                    messages.info(
                        request, _("The refusal has been recorded. No referral was made.")
                    )
                elif referral.status == Referral.Status.SENT:
                    messages.success(
                        request,
                        _("Referred to %(service)s. You will hear what happened.")
                        % {"service": target.name},
                    )
                else:
                    messages.success(
                        request, _("Referral proposed: a coordinator will send it on.")
                    )
                return redirect(
                    "conversations:detail",
                    chapter=request.chapter.slug,
                    code=conversation.public_code,
                )
    codes = sharing.clean_codes(target.shared_fields, partner=target.is_partner)
    return render(
        request,
        "referrals/refer.html",
        {
            "conversation": conversation,
            "service": target,
            "text": text,
            "wanted_language": wanted,
            "languages": Language.choices,
            "form": form,
            "shared": [sharing.BY_CODE[c].label for c in codes],
            "suggestion_texts": labels.reason_texts(suggestion.reasons),
        },
        status=status,
    )


# Lists and detail (inside the federation) --------------------------------------------------------


OPEN = "open"  # the queues' default filter: what still needs the recipient (sent or accepted)
OPEN_STATUSES = (Referral.Status.SENT, Referral.Status.ACCEPTED)


def _filtered(
    request: ChapterRequest, referrals: Any, *, open_by_default: bool = False
) -> tuple[Any, str]:
    """The referrals with the status filter of the page applied. A queue shows the open ones
    unless asked otherwise, so a firm's old declined or closed referral does not list it a
    second time next to its new one; ``status=all`` shows everything."""
    status = request.GET.get("status", OPEN if open_by_default else "")
    if status == OPEN and open_by_default:
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    else:
        status = ""
    return referrals.order_by("-created_at", "-pk"), status


@chapter_view(*INTERNAL)
@require_GET
def referral_list(request: ChapterRequest) -> HttpResponse:
    referrals, status = _filtered(request, access.referrals_for(request.access, request.user))
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Referral.Status.choices,
            "mine_only": not request.access.can_receive_coaching_referrals,
        },
    )


@chapter_view(*RECIPIENTS)
@require_GET
def coaching_queue(request: ChapterRequest) -> HttpResponse:
    referrals, status = _filtered(
        request, access.coaching_queue(request.access), open_by_default=True
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/coaching_queue.html",
        {
            "page": page,
            "status": status,
            "statuses": Referral.Status.choices[1:],
            "open_filter": True,
        },
    )


@chapter_view(*INTERNAL)
@require_GET
def referral_detail(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_referral_for_user(request.access, request.user, code)
    record_event(
        actor=request.user,
        verb="referral.viewed",
        chapter=request.chapter,
        obj=referral,
        request=request,
    )
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


def _detail_context(request: ChapterRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    recipient = (
        request.access.can_receive_coaching_referrals
        and referral.service.kind == Service.Kind.COACHING
        and referral.consent.is_valid()
    )
    may_withdraw = referral.consent.state == "given"
    return {
        "referral": referral,
        "events": referral.events.select_related("actor"),
        "shared": labels.shared_rows(referral, chapter_themes.labels(request.chapter)),
        "is_recipient": recipient,
        "may_send": (
            request.access.can_manage_chapter and referral.status == Referral.Status.PROPOSED
        ),
        "may_withdraw": may_withdraw,
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
    }


def _recipient_action(
    request: ChapterRequest, referral: Referral, form_name: str, form: Any, action: Any
) -> HttpResponse:
    if not form.is_valid():
        context = _detail_context(request, referral, **{form_name: form})
        return render(request, "referrals/referral_detail.html", context, status=400)
    try:
        action(form.cleaned_data)
    except actions.ReferralError as exc:
        show_error(request, exc)
    return redirect("referrals:detail", chapter=request.chapter.slug, code=referral.public_code)


@chapter_view(*COORDINATOR)
@require_POST
def referral_send(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_referral_for_coordinator(request.access, request.user, code)
    try:
        actions.send_referral(actor=request.user, referral=referral)
    except actions.ReferralError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The referral has been sent."))
    return redirect("referrals:detail", chapter=request.chapter.slug, code=code)


@chapter_view(*RECIPIENTS)
@require_POST
def referral_accept(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_referral_for_recipient(request.access, request.user, code)
    response: HttpResponse = _recipient_action(
        request,
        referral,
        "accept_form",
        AcceptForm(request.POST),
        lambda d: actions.accept_referral(actor=request.user, referral=referral, note=d["note"]),
    )
    return response


@chapter_view(*RECIPIENTS)
@require_POST
def referral_decline(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_referral_for_recipient(request.access, request.user, code)
    response: HttpResponse = _recipient_action(
        request,
        referral,
        "decline_form",
        DeclineForm(request.POST),
        lambda d: actions.decline_referral(
            actor=request.user, referral=referral, reason=d["reason"]
        ),
    )
    return response


@chapter_view(*RECIPIENTS)
@require_POST
def referral_close(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_referral_for_recipient(request.access, request.user, code)
    response: HttpResponse = _recipient_action(
        request,
        referral,
        "close_form",
        CloseForm(request.POST),
        lambda d: actions.close_referral(
            actor=request.user, referral=referral, outcome=d["outcome"], feedback=d["feedback"]
        ),
    )
    return response


# Consents ----------------------------------------------------------------------------------------


@chapter_view(*INTERNAL)
@require_GET
def consent_list(request: ChapterRequest) -> HttpResponse:
    consents = access.consents_for(request.access, request.user).order_by("-captured_at", "-pk")
    organisation = request.GET.get("organisation", "").strip()
    if organisation:
        consents = consents.filter(organisation__public_code=organisation)
    page = Paginator(consents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/consent_list.html", {"page": page})


@chapter_view(*INTERNAL)
@require_GET
def consent_detail(request: ChapterRequest, code: str) -> HttpResponse:
    consent = access.get_consent_for_user(request.access, request.user, code)
    return render(
        request,
        "referrals/consent_detail.html",
        {
            "consent": consent,
            "referrals": consent.referrals.select_related("service"),
            "withdraw_form": WithdrawForm(),
        },
    )


@chapter_view(*INTERNAL)
@require_POST
def consent_withdraw(request: ChapterRequest, code: str) -> HttpResponse:
    """The entrepreneur withdraws consent: as easy as giving it, for anyone who may see it."""
    consent = access.get_consent_for_user(request.access, request.user, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "referrals/consent_detail.html",
            {"consent": consent, "referrals": consent.referrals.all(), "withdraw_form": form},
            status=400,
        )
    try:
        actions.withdraw_consent(
            actor=request.user, consent=consent, method=form.cleaned_data["method"]
        )
    except actions.ReferralError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("Consent withdrawn. The recipient no longer has access to the referral.")
        )
    next_code = request.POST.get("referral", "")
    if next_code and consent.referrals.filter(public_code=next_code).exists():
        return redirect("referrals:detail", chapter=request.chapter.slug, code=next_code)
    return redirect("referrals:consent_detail", chapter=request.chapter.slug, code=code)


# The partner portal ------------------------------------------------------------------------------


@chapter_view(*PARTNER)
@require_GET
def partner_inbox(request: ChapterRequest) -> HttpResponse:
    referrals, status = _filtered(
        request, access.partner_referrals_for(request.access), open_by_default=True
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/partner_inbox.html",
        {
            "page": page,
            "status": status,
            "statuses": Referral.Status.choices[1:],
            "open_filter": True,
        },
    )


def _partner_context(request: ChapterRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    return {
        "referral": referral,
        "shared": labels.shared_rows(referral, chapter_themes.labels(request.chapter)),
        "events": referral.events.all(),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "close_form": forms.get("close_form") or CloseForm(),
    }


@chapter_view(*PARTNER)
@require_GET
def partner_detail(request: ChapterRequest, code: str) -> HttpResponse:
    referral = access.get_partner_referral(request.access, code)
    record_event(
        actor=request.user,
        verb="referral.viewed",
        chapter=request.chapter,
        obj=referral,
        request=request,
    )
    return render(request, "referrals/partner_detail.html", _partner_context(request, referral))


def _partner_action(
    request: ChapterRequest, code: str, form_name: str, form_class: Any, run: Any
) -> HttpResponse:
    referral = access.get_partner_referral(request.access, code)
    form = form_class(request.POST)
    if not form.is_valid():
        context = _partner_context(request, referral, **{form_name: form})
        return render(request, "referrals/partner_detail.html", context, status=400)
    try:
        run(referral, form.cleaned_data)
    except actions.ReferralError as exc:
        show_error(request, exc)
    return redirect("referrals:partner_detail", chapter=request.chapter.slug, code=code)


@chapter_view(*PARTNER)
@require_POST
def partner_accept(request: ChapterRequest, code: str) -> HttpResponse:
    return _partner_action(
        request,
        code,
        "accept_form",
        AcceptForm,
        lambda r, d: actions.accept_referral(actor=request.user, referral=r, note=d["note"]),
    )


@chapter_view(*PARTNER)
@require_POST
def partner_decline(request: ChapterRequest, code: str) -> HttpResponse:
    return _partner_action(
        request,
        code,
        "decline_form",
        DeclineForm,
        lambda r, d: actions.decline_referral(actor=request.user, referral=r, reason=d["reason"]),
    )


@chapter_view(*PARTNER)
@require_POST
def partner_close(request: ChapterRequest, code: str) -> HttpResponse:
    return _partner_action(
        request,
        code,
        "close_form",
        CloseForm,
        lambda r, d: actions.close_referral(
            actor=request.user, referral=r, outcome=d["outcome"], feedback=d["feedback"]
        ),
    )


# Services (the directory) ------------------------------------------------------------------------


@chapter_view(*INTERNAL)
@require_GET
def service_list(request: ChapterRequest) -> HttpResponse:
    services = access.services_for(request.access).order_by("kind", "name")
    return render(
        request,
        "referrals/service_list.html",
        {"services": services, "may_edit": request.access.can_manage_chapter},
    )


@chapter_view(*INTERNAL)
@require_GET
def service_detail(request: ChapterRequest, code: str) -> HttpResponse:
    service = access.get_service_for_user(request.access, code)
    texts = {lang: actions.current_text(service, lang) for lang, _label in Language.choices}
    return render(
        request,
        "referrals/service_detail.html",
        {
            "service": service,
            "texts": [(label, texts[lang]) for lang, label in Language.choices],
            "history": access.consent_text_history(request.access, service),
            "shared": [
                sharing.BY_CODE[c].label for c in service.shared_fields if c in sharing.BY_CODE
            ],
            "may_edit": request.access.can_manage_chapter,
        },
    )


def _service_fields(form: ServiceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("kind", None)
    data.pop("partner_organisation", None)
    return data


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def service_create(request: ChapterRequest) -> HttpResponse:
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.create_service(
                actor=request.user,
                chapter=request.chapter,
                kind=form.cleaned_data["kind"],
                partner_organisation=form.cleaned_data["partner_organisation"],
                **_service_fields(form),
            )
        except actions.ReferralError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Service created. Add its consent text now."))
            return redirect(
                "referrals:consent_text_create",
                chapter=request.chapter.slug,
                code=service.public_code,
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/service_form.html", {"form": form}, status=status)


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def service_edit(request: ChapterRequest, code: str) -> HttpResponse:
    service = access.get_service_for_coordinator(request.access, code)
    # a second copy for the form to change, so that the action still sees the stored values
    form = ServiceForm(
        request.POST or None, instance=access.get_service_for_coordinator(request.access, code)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_service(actor=request.user, service=service, **_service_fields(form))
        except actions.ReferralError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Service saved."))
            return redirect("referrals:service_detail", chapter=request.chapter.slug, code=code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "referrals/service_form.html", {"form": form, "service": service}, status=status
    )


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def consent_text_create(request: ChapterRequest, code: str) -> HttpResponse:
    service = access.get_service_for_coordinator(request.access, code)
    language = request.GET.get("language", Language.DUTCH)
    current = actions.current_text(service, language if language in Language.values else "nl")
    form = ConsentTextForm(
        request.POST or None,
        initial={"language": language, "text": current.text if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            text = actions.add_consent_text(
                actor=request.user,
                service=service,
                language=form.cleaned_data["language"],
                text=form.cleaned_data["text"],
            )
        except actions.ReferralError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(
                request,
                _("Consent text saved as version %(n)s.") % {"n": text.version},
            )
            return redirect("referrals:service_detail", chapter=request.chapter.slug, code=code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "referrals/consent_text_form.html",
        {"form": form, "service": service, "current": current},
        status=status,
    )
