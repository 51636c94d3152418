"""Conversations: the list, the detail (what the caller sees right after a reached call), entering
one afterwards, correcting the themes, and deciding on a referral."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.actions import record_event
from belronde.conversations import access, actions
from belronde.conversations.display import answer_rows
from belronde.conversations.forms import ConversationEntryForm, NoReferralForm, ThemesForm
from belronde.conversations.models import Conversation, Health
from belronde.conversations.scripts import (
    entry_items,
    entry_script_version,
    existing_entry_script_version,
)
from belronde.knowledge import access as knowledge_access
from belronde.referrals import access as referral_access
from belronde.referrals import actions as referral_actions
from belronde.referrals import labels as referral_labels
from belronde.referrals.access import services_for
from belronde.referrals.models import Referral, Service, TriageDecision
from belronde.themes import access as chapter_themes

READ = tuple(roles.CONVERSATION_READ_ROLES)
RECORD = tuple(roles.CONVERSATION_RECORD_ROLES)
PAGE_SIZE = 30


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


def _detail_context(request: ChapterRequest, conversation: Conversation) -> dict[str, Any]:
    language = _language()
    latest = conversation.latest_version()
    chain = list(conversation.versions().select_related("recorded_by"))
    chain_ids = [c.pk for c in chain]
    theme_labels = chapter_themes.labels(request.chapter, language)
    heard = {  # the words of the answers that suggested each theme, not the keyword patterns
        s.slug: s.heard
        for s in chapter_themes.suggest_for_answers(
            request.chapter,
            latest.script_version.items if latest.script_version else [],
            latest.answers,
        )
    }
    may_record = access.can_record(request.access)
    may_refer = request.access.can_refer
    suggestion = referral_actions.suggestion_for(latest)
    services = (
        list(services_for(request.access).filter(status=Service.Status.ACTIVE)) if may_refer else []
    )
    made_the_call = any(c.recorded_by_id == request.user.pk for c in chain)
    referrals = referral_access.referrals_of_conversation(
        request.access, request.user, chain_ids, made_the_call=made_the_call
    )
    decisions = referral_access.triage_decisions_of_conversation(request.access, chain_ids)
    # once referred (not declined, consent still valid) or decided, the suggestion has been
    # acted on: the page says what was done and keeps the suggestion and the buttons folded away
    acted_on = any(d.decision == TriageDecision.Decision.NO_REFERRAL for d in decisions) or any(
        line.referral.status != Referral.Status.DECLINED and line.referral.consent.is_valid()
        for line in referrals
    )
    return {
        "acted_on": acted_on,
        "conversation": conversation,
        "latest": latest,
        "is_latest": latest.pk == conversation.pk,
        "versions": chain,
        "rows": answer_rows(latest, language),
        "themes": [
            (slug, theme_labels.get(slug, slug), heard.get(slug, ())) for slug in latest.themes
        ],
        "suggested_not_kept": [
            (slug, theme_labels.get(slug, slug))
            for slug in latest.suggested_themes
            if slug not in latest.themes
        ],
        "themes_form": ThemesForm(
            initial={"themes": latest.themes, "version": latest.version},
            themes=chapter_themes.themes_for(request.chapter),
            language=language,
        )
        if may_record
        else None,
        "may_record": may_record,
        "may_refer": may_refer,
        "suggestion": suggestion,
        "reason_texts": referral_labels.reason_texts(suggestion.reasons),
        "services": services,
        "referrals": referrals,
        "decisions": [(d, referral_labels.reason_texts(d.reasons)) for d in decisions],
        "no_referral_form": NoReferralForm(),
        "questions": knowledge_access.questions_raised_in(request.access, chain_ids),
        "practices": knowledge_access.practices_shared_in(request.access, chain_ids),
    }


@chapter_view(*READ)
@require_GET
def conversation_detail(request: ChapterRequest, code: str) -> HttpResponse:
    conversation = access.get_conversation_for_user(request.access, request.user, code)
    record_event(
        actor=request.user,
        verb="conversation.viewed",
        chapter=request.chapter,
        obj=conversation,
        request=request,
    )
    return render(
        request, "conversations/conversation_detail.html", _detail_context(request, conversation)
    )


@chapter_view(*READ)
@require_GET
def conversation_list(request: ChapterRequest) -> HttpResponse:
    conversations = (
        access.latest_conversations_for(request.access, request.user)
        .select_related("organisation", "recorded_by", "root__recorded_by")
        .order_by("-held_at", "-pk")
    )
    organisation = None
    code = request.GET.get("organisation", "").strip()
    if code:
        organisation = request.chapter.organisations.filter(public_code=code).first()
        if organisation is None:
            raise Http404
        conversations = conversations.filter(organisation=organisation)
    health = request.GET.get("health", "")
    if health in Health.values:
        conversations = conversations.filter(health=health)
    theme = request.GET.get("theme", "")
    all_themes = chapter_themes.themes_for(request.chapter, active_only=False)
    if theme:
        # JSON containment is not portable to SQLite: match the quoted slug in the list
        conversations = conversations.filter(themes__icontains=f'"{theme}"')
    query = request.GET.get("q", "").strip()
    if query:
        conversations = conversations.filter(
            Q(organisation__name__icontains=query) | Q(public_code__iexact=query)
        )
    page = Paginator(conversations, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = chapter_themes.labels(request.chapter, _language())
    for item in page.object_list:
        item.theme_labels = [labels.get(s, s) for s in item.themes]  # type: ignore[attr-defined]
    record_event(
        actor=request.user,
        verb="conversation.listed",
        chapter=request.chapter,
        request=request,
        payload={"shown": [c.public_code for c in page.object_list][:20]},
    )
    return render(
        request,
        "conversations/conversation_list.html",
        {
            "page": page,
            "organisation": organisation,
            "health_choices": Health.choices,
            "health": health,
            "theme_choices": [(t.slug, t.label(_language())) for t in all_themes],
            "theme": theme,
            "q": query,
            "may_record": access.can_record(request.access),
        },
    )


@chapter_view(*RECORD)
@require_http_methods(["GET", "POST"])
def conversation_create(request: ChapterRequest) -> HttpResponse:
    """Enter a conversation afterwards, outside a campaign (a call made without the caller
    screen, or a visit)."""
    organisations = access.organisations_for_recording(request.access, request.user)
    organisation = None
    code = request.GET.get("organisation") or request.POST.get("organisation") or ""
    if code:
        organisation = access.get_organisation_for_recording(request.access, request.user, code)
    # nothing is created on GET; the default script is made when the first one is saved
    version = (
        entry_script_version(request.chapter, request.user)
        if request.method == "POST"
        else existing_entry_script_version(request.chapter)
    )
    form = ConversationEntryForm(
        request.POST or None,
        items=version.items if version else entry_items(request.chapter),
        language=_language(),
        organisations=organisations,
        organisation=organisation,
    )
    if request.method == "POST" and version is not None and form.is_valid():
        data = form.cleaned_data
        try:
            conversation = actions.record_conversation(
                actor=request.user,
                organisation=data["organisation"],
                script_version=version,
                raw_answers=form.raw_answers(),
                person=data["person"],
                held_at=data["held_at"],
                idempotency_key=data.get("idempotency_key"),
            )
        except actions.ConversationInvalid as exc:
            for error in exc.errors:
                form.add_error(
                    error.key if error.key in form.fields else None, _("Check this answer.")
                )
        except actions.IdempotencyKeyReused:
            form.add_error(
                None,
                _(
                    "This form was already used for another conversation."
                    " Reload the page and try again."
                ),
            )
        else:
            messages.success(request, _("Conversation saved. Thank you!"))
            return redirect(
                "conversations:detail", chapter=request.chapter.slug, code=conversation.public_code
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conversations/conversation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "has_organisations": organisations.exists(),
            "version": version,
        },
        status=status,
    )


@chapter_view(*RECORD)
@require_POST
def conversation_themes(request: ChapterRequest, code: str) -> HttpResponse:
    """The caller corrects the suggested themes: a new version of the conversation."""
    conversation = access.get_conversation_for_recording(request.access, request.user, code)
    form = ThemesForm(
        request.POST,
        themes=chapter_themes.themes_for(request.chapter),
        language=_language(),
    )
    if not form.is_valid():
        messages.error(request, _("Choose themes from the list."))
        return redirect("conversations:detail", chapter=request.chapter.slug, code=code)
    try:
        corrected = actions.correct_themes(
            actor=request.user,
            conversation=conversation,
            themes=form.cleaned_data["themes"],
            expected_version=form.cleaned_data["version"],
        )
    except actions.ConversationOutdated:
        latest = conversation.latest_version()
        messages.error(
            request,
            _("Someone corrected this conversation in the meantime. Check the themes again."),
        )
        return redirect(
            "conversations:detail", chapter=request.chapter.slug, code=latest.public_code
        )
    if corrected.version > form.cleaned_data["version"]:
        messages.success(request, _("Themes saved as a new version."))
    else:
        messages.info(request, _("The themes did not change."))
    return redirect(
        "conversations:detail", chapter=request.chapter.slug, code=corrected.public_code
    )


@chapter_view(*READ)
@require_POST
def no_referral(request: ChapterRequest, code: str) -> HttpResponse:
    """The person decides not to refer (with a reason); the suggestion is recorded with it."""
    conversation = access.get_conversation_for_user(request.access, request.user, code)
    form = NoReferralForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, conversation)
        context["no_referral_form"] = form
        return render(request, "conversations/conversation_detail.html", context, status=400)
    referral_actions.record_triage_decision(
        actor=request.user,
        conversation=conversation.latest_version(),
        decision=TriageDecision.Decision.NO_REFERRAL,
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Your decision has been recorded."))
    return redirect("conversations:detail", chapter=request.chapter.slug, code=code)
