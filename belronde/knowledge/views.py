"""The knowledge base: raising questions, the coordinator's queue, answers, the FAQ callers search,
best practices (submit, review, library, newsletter export) and the theme list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.actions import record_event
from belronde.conversations.access import get_conversation_for_user
from belronde.conversations.models import Conversation
from belronde.knowledge import access, actions, newsletter, similarity
from belronde.knowledge.forms import (
    AnswerForm,
    GroupForm,
    PracticeForm,
    PublishForm,
    QuestionForm,
    ReviewForm,
    ThemeForm,
    TryForm,
)
from belronde.knowledge.models import BestPractice, Question
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.themes import actions as theme_actions
from belronde.themes import tagger
from belronde.themes.access import themes_for
from belronde.themes.models import Theme

READERS = tuple(roles.KNOWLEDGE_ROLES)
COORDINATOR = tuple(roles.MANAGE_CHAPTER_ROLES)
PAGE_SIZE = 30


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


def _conversation(request: ChapterRequest) -> Conversation | None:
    code = (request.GET.get("conversation") or request.POST.get("conversation") or "").strip()
    if not code:
        return None
    return get_conversation_for_user(request.access, request.user, code).latest_version()


# Questions --------------------------------------------------------------------------------------


@chapter_view(*READERS)
@require_http_methods(["GET", "POST"])
def question_create(request: ChapterRequest) -> HttpResponse:
    conversation = _conversation(request)
    persons = conversation.organisation.persons.all() if conversation else None
    initial: dict[str, Any] = {}
    if conversation is not None and conversation.person is not None:
        initial["person"] = conversation.person.public_code
    form = QuestionForm(
        request.POST or None,
        themes=themes_for(request.chapter),
        language=_language(),
        persons=persons,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = actions.raise_question(
                actor=request.user,
                chapter=request.chapter,
                text=data["text"],
                theme=data["theme"],
                conversation=conversation,
                person=data.get("person"),
                notify_entrepreneur=bool(data.get("notify_entrepreneur")),
            )
        except actions.KnowledgeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(
                request, _("Question sent to the coordinator. You will get the answer.")
            )
            if conversation is not None:
                return redirect(
                    "conversations:detail",
                    chapter=request.chapter.slug,
                    code=conversation.public_code,
                )
            return redirect(
                "knowledge:question_detail", chapter=request.chapter.slug, code=question.public_code
            )
    faq_hits = []
    if form.is_bound and form.data.get("text"):
        faq_hits = list(access.search_faq(access.faq_for(request.access), form.data["text"])[:3])
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "knowledge/question_form.html",
        {"form": form, "conversation": conversation, "faq_hits": faq_hits},
        status=status,
    )


@chapter_view(*READERS)
@require_GET
def question_list(request: ChapterRequest) -> HttpResponse:
    """The coordinator's queue (every question, similar ones side by side); others: their own."""
    questions = access.questions_for(request.access, request.user)
    status = request.GET.get("status", "open" if request.access.can_manage_chapter else "")
    if status in Question.Status.values:
        questions = questions.filter(status=status)
    else:
        status = ""
    is_queue = request.access.can_manage_chapter
    if is_queue:
        questions = questions.filter(same_as__isnull=True).annotate(group_size=Count("grouped"))
    page = Paginator(
        questions.order_by("raised_at" if status == "open" else "-raised_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    if is_queue:
        leads = access.question_leads(request.access)
        for question in page.object_list:
            others = [(code, text) for code, text in leads if code != question.public_code]
            question.similar = [  # type: ignore[attr-defined]
                (s, dict(others)[s.key]) for s in similarity.most_similar(question.text, others)
            ]
    return render(
        request,
        "knowledge/question_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Question.Status.choices,
            "is_queue": is_queue,
        },
    )


def _question_context(request: ChapterRequest, question: Question, **forms: Any) -> dict[str, Any]:
    lead = question.lead
    answer = getattr(lead, "answer", None)
    is_coordinator = request.access.can_manage_chapter
    context: dict[str, Any] = {
        "question": question,
        "lead": lead,
        "answer": answer,
        "grouped": lead.grouped.select_related("raised_by").order_by("raised_at"),
        "is_coordinator": is_coordinator,
    }
    if is_coordinator:
        others = access.question_leads(request.access, leaving_out=lead)
        texts = dict(others)
        context.update(
            {
                "answer_form": forms.get("answer_form")
                or AnswerForm(
                    initial={
                        "title": answer.title if answer else lead.text[:250],
                        "text": answer.text if answer else "",
                    }
                ),
                "group_form": forms.get("group_form") or GroupForm(),
                "similar": [
                    (s, texts[s.key]) for s in similarity.most_similar(lead.text, others, limit=5)
                ],
            }
        )
    return context


@chapter_view(*READERS)
@require_GET
def question_detail(request: ChapterRequest, code: str) -> HttpResponse:
    question = access.get_question_for_user(request.access, request.user, code)
    return render(request, "knowledge/question_detail.html", _question_context(request, question))


@chapter_view(*COORDINATOR)
@require_POST
def question_answer(request: ChapterRequest, code: str) -> HttpResponse:
    question = access.get_question_for_coordinator(request.access, request.user, code)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_question(
                actor=request.user,
                question=question,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except actions.KnowledgeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Answer saved. The people who asked get it by e-mail."))
            return redirect("knowledge:question_detail", chapter=request.chapter.slug, code=code)
    context = _question_context(request, question, answer_form=form)
    return render(request, "knowledge/question_detail.html", context, status=400)


@chapter_view(*COORDINATOR)
@require_POST
def question_publish(request: ChapterRequest, code: str) -> HttpResponse:
    question = access.get_question_for_coordinator(request.access, request.user, code)
    form = PublishForm(request.POST)
    publish = form.cleaned_data["publish"] if form.is_valid() else True
    try:
        actions.publish_answer(actor=request.user, question=question, publish=publish)
    except actions.KnowledgeError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("Published in the FAQ.") if publish else _("Taken out of the FAQ."),
        )
    return redirect("knowledge:question_detail", chapter=request.chapter.slug, code=code)


@chapter_view(*COORDINATOR)
@require_POST
def question_group(request: ChapterRequest, code: str) -> HttpResponse:
    question = access.get_question_for_coordinator(request.access, request.user, code)
    form = GroupForm(request.POST)
    if form.is_valid():
        under = access.find_question_to_group_under(request.access, form.cleaned_data["under"])
        if under is None:
            form.add_error("under", _("No question with this code in this chapter."))
        else:
            try:
                actions.group_question(actor=request.user, question=question, under=under)
            except actions.KnowledgeError as exc:
                show_error(request, exc, form=form, field="under")
            else:
                messages.success(request, _("Grouped: one answer now serves both questions."))
                return redirect(
                    "knowledge:question_detail",
                    chapter=request.chapter.slug,
                    code=under.lead.public_code,
                )
    context = _question_context(request, question, group_form=form)
    return render(request, "knowledge/question_detail.html", context, status=400)


@chapter_view(*COORDINATOR)
@require_POST
def question_ungroup(request: ChapterRequest, code: str) -> HttpResponse:
    question = access.get_question_for_coordinator(request.access, request.user, code)
    try:
        actions.ungroup_question(actor=request.user, question=question)
    except actions.KnowledgeError as exc:
        show_error(request, exc)
    return redirect("knowledge:question_detail", chapter=request.chapter.slug, code=code)


@chapter_view(*READERS)
@require_GET
def faq(request: ChapterRequest) -> HttpResponse:
    """The published answers, searchable; the caller screen loads it with HTMX."""
    query = request.GET.get("q", "").strip()[:200]
    answers = access.faq_for(request.access)
    theme = request.GET.get("theme", "")
    if theme:
        answers = answers.filter(question__theme__slug=theme)
    if query:
        answers = access.search_faq(answers, query)
    answers = answers.order_by("-published_at")[:50]
    context = {
        "answers": answers,
        "q": query,
        "theme": theme,
        "themes": themes_for(request.chapter),
        "language": _language(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "knowledge/_faq_results.html", context)
    return render(request, "knowledge/faq.html", context)


# Best practices ---------------------------------------------------------------------------------


@chapter_view(*READERS)
@require_http_methods(["GET", "POST"])
def practice_create(request: ChapterRequest) -> HttpResponse:
    conversation = _conversation(request)
    form = PracticeForm(
        request.POST or None, themes=themes_for(request.chapter), language=_language()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = actions.submit_best_practice(
                actor=request.user,
                chapter=request.chapter,
                title=data["title"],
                text=data["text"],
                sharing=data["sharing"],
                theme=data["theme"],
                sector=data["sector"],
                conversation=conversation,
            )
        except actions.KnowledgeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Thank you! The coordinator will review it."))
            if conversation is not None:
                return redirect(
                    "conversations:detail",
                    chapter=request.chapter.slug,
                    code=conversation.public_code,
                )
            return redirect(
                "knowledge:practice_detail", chapter=request.chapter.slug, code=practice.public_code
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "knowledge/practice_form.html",
        {"form": form, "conversation": conversation},
        status=status,
    )


@chapter_view(*READERS)
@require_GET
def practice_library(request: ChapterRequest) -> HttpResponse:
    practices = access.library_for(request.access)
    theme = request.GET.get("theme", "")
    if theme:
        practices = practices.filter(theme__slug=theme)
    sector = request.GET.get("sector", "")
    if sector in BestPractice.Sector.values:
        practices = practices.filter(sector=sector)
    query = request.GET.get("q", "").strip()
    for word in query.split()[:8]:
        practices = practices.filter(Q(title__icontains=word) | Q(text__icontains=word))
    page = Paginator(practices.order_by("-reviewed_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "knowledge/practice_library.html",
        {
            "page": page,
            "themes": themes_for(request.chapter),
            "theme": theme,
            "sectors": BestPractice.Sector.choices,
            "sector": sector,
            "q": query,
            "is_coordinator": request.access.can_manage_chapter,
            "language": _language(),
        },
    )


@chapter_view(*COORDINATOR)
@require_GET
def practice_review_queue(request: ChapterRequest) -> HttpResponse:
    practices = access.practices_for_review(request.access)
    status = request.GET.get("status", BestPractice.Status.SUBMITTED)
    if status in BestPractice.Status.values:
        practices = practices.filter(status=status)
    page = Paginator(practices.order_by("submitted_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "knowledge/practice_review.html",
        {"page": page, "status": status, "statuses": BestPractice.Status.choices},
    )


@chapter_view(*READERS)
@require_GET
def practice_detail(request: ChapterRequest, code: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.access, request.user, code)
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "is_coordinator": request.access.can_manage_chapter,
            "review_form": ReviewForm(),
        },
    )


@chapter_view(*COORDINATOR)
@require_POST
def practice_review(request: ChapterRequest, code: str) -> HttpResponse:
    practice = access.get_practice_for_coordinator(request.access, request.user, code)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_best_practice(
                actor=request.user,
                practice=practice,
                publish=form.cleaned_data["decision"] == "publish",
                note=form.cleaned_data["note"],
            )
        except actions.KnowledgeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Review saved."))
            return redirect("knowledge:practice_review_queue", chapter=request.chapter.slug)
    return render(
        request,
        "knowledge/practice_detail.html",
        {"practice": practice, "is_coordinator": True, "review_form": form},
        status=400,
    )


@chapter_view(*COORDINATOR)
@require_GET
def practice_export(request: ChapterRequest) -> HttpResponse:
    """The published library for the newsletter, as Markdown or HTML (a download)."""
    kind = request.GET.get("format", "md")
    if kind not in {"md", "html"}:
        raise Http404
    practices = access.library_for(request.access).exclude(sharing=BestPractice.Sharing.INTERNAL)
    theme = request.GET.get("theme", "")
    if theme:
        practices = practices.filter(theme__slug=theme)
    since = request.GET.get("since", "")
    if since:
        try:
            start = dt.date.fromisoformat(since)
        except ValueError:
            return HttpResponse(_("The date must look like 2021-03-31."), status=400)
        practices = practices.filter(
            reviewed_at__gte=dt.datetime.combine(start, dt.time(), timezone.get_current_timezone())
        )
    language = _language()
    items = [
        newsletter.Item(
            title=p.title,
            text=p.text,
            theme=p.theme.label(language) if p.theme else "",
            source=p.shown_source,
        )
        for p in practices.order_by("theme__position", "-reviewed_at")
    ]
    title = _("Best practices from our members")
    intro = _("What entrepreneurs in %(chapter)s found that works, shared with their consent.") % {
        "chapter": request.chapter.name
    }
    source_label = _("Source")
    record_event(
        actor=request.user,
        verb="practice.exported",
        chapter=request.chapter,
        payload={"format": kind, "practices": len(items)},
        request=request,
    )
    stamp = timezone.localdate().isoformat()
    if kind == "md":
        body = newsletter.to_markdown(title, intro, items, source_label)
        content_type = "text/markdown; charset=utf-8"
    else:
        body = newsletter.to_html(title, intro, items, source_label, language)
        content_type = "text/html; charset=utf-8"
    return attachment(body, f"best-practices-{stamp}.{kind}", content_type)


# Themes -----------------------------------------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_GET
def theme_list(request: ChapterRequest) -> HttpResponse:
    themes = access.themes_for_coordinator(request.access)
    form = TryForm(request.GET or None)
    found: list[tuple[Theme, tuple[str, ...], tuple[str, ...]]] = []
    if form.is_bound and form.is_valid():
        by_slug = {t.slug: t for t in themes if t.is_active}
        engine = tagger.Tagger(
            tagger.ThemeSpec(t.slug, tuple(t.keywords)) for t in by_slug.values()
        )
        found = [
            (by_slug[s.slug], s.heard, s.matched) for s in engine.suggest(form.cleaned_data["text"])
        ]
    return render(
        request,
        "knowledge/theme_list.html",
        {"themes": themes, "try_form": form, "found": found, "language": _language()},
    )


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def theme_create(request: ChapterRequest) -> HttpResponse:
    access.themes_for_coordinator(request.access)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme_actions.create_theme(
                actor=request.user,
                chapter=request.chapter,
                label_nl=data["label_nl"],
                label_en=data["label_en"],
                keywords=data["keywords"],
            )
        except theme_actions.ThemeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Theme added."))
            return redirect("knowledge:theme_list", chapter=request.chapter.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/theme_form.html", {"form": form}, status=status)


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def theme_edit(request: ChapterRequest, slug: str) -> HttpResponse:
    theme = access.get_theme_for_coordinator(request.access, slug)
    form = ThemeForm(
        request.POST or None,
        initial={
            "label_nl": theme.label_nl,
            "label_en": theme.label_en,
            "keywords": "\n".join(theme.keywords),
            "is_active": theme.is_active,
            "position": theme.position,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme_actions.update_theme(
                actor=request.user,
                theme=theme,
                label_nl=data["label_nl"],
                label_en=data["label_en"],
                keywords=data["keywords"],
                is_active=data["is_active"],
                position=data["position"],
            )
        except theme_actions.ThemeError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Theme saved."))
            return redirect("knowledge:theme_list", chapter=request.chapter.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "knowledge/theme_form.html", {"form": form, "theme": theme}, status=status
    )
