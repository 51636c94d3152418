"""API of the knowledge base: themes, questions (raise, answer, group, publish), the FAQ, best
practices (submit, library, review)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from belronde.accounts.access import require
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut
from belronde.conversations.access import get_conversation_for_user
from belronde.knowledge import access, actions
from belronde.knowledge.models import Answer, BestPractice, Question
from belronde.themes.access import themes_for
from belronde.themes.models import Theme

router = Router(tags=["knowledge base"])


class ThemeOut(Schema):
    slug: str
    label_nl: str
    label_en: str
    keywords: list[str]
    is_active: bool


class AnswerOut(Schema):
    code: str
    title: str
    text: str
    written_at: dt.datetime
    published_at: dt.datetime | None


class QuestionOut(Schema):
    code: str
    text: str
    theme: str | None
    status: str
    raised_by: str
    raised_at: dt.datetime
    conversation: str | None
    grouped_under: str | None
    answer: AnswerOut | None


class QuestionIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)
    theme: str | None = Field(None, max_length=40)
    conversation: str | None = Field(None, max_length=12)
    person: str | None = Field(None, max_length=12)
    notify_entrepreneur: bool = False


class AnswerIn(Schema):
    title: str = Field("", max_length=250)
    text: str = Field(..., min_length=1, max_length=10000)


class PublishIn(Schema):
    publish: bool = True


class GroupIn(Schema):
    under: str = Field(..., min_length=1, max_length=12)


class FaqOut(Schema):
    code: str
    title: str
    text: str
    theme: str | None
    published_at: dt.datetime


class PracticeOut(Schema):
    code: str
    title: str
    text: str
    theme: str | None
    sector: str
    sharing: str
    status: str
    source: str
    submitted_at: dt.datetime


class PracticeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=5000)
    sharing: Literal["named", "anonymous", "internal"]
    theme: str | None = Field(None, max_length=40)
    sector: str = Field("", max_length=15)
    conversation: str | None = Field(None, max_length=12)


class ReviewIn(Schema):
    publish: bool
    note: str = Field("", max_length=500)


def _theme(chapter_slug_access: Any, slug: str | None) -> Theme | None:
    if not slug:
        return None
    theme = themes_for(chapter_slug_access.chapter).filter(slug=slug).first()
    if theme is None:
        raise Http404
    return theme


def _answer_out(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    return {
        "code": answer.public_code,
        "title": answer.title,
        "text": answer.text,
        "written_at": answer.written_at,
        "published_at": answer.published_at,
    }


def _question_out(q: Question) -> dict[str, Any]:
    return {
        "code": q.public_code,
        "text": q.text,
        "theme": q.theme.slug if q.theme else None,
        "status": q.status,
        "raised_by": q.raised_by.username,
        "raised_at": q.raised_at,
        "conversation": q.conversation.public_code if q.conversation else None,
        "grouped_under": q.same_as.public_code if q.same_as else None,
        "answer": _answer_out(getattr(q.lead, "answer", None)),
    }


def _practice_out(p: BestPractice) -> dict[str, Any]:
    return {
        "code": p.public_code,
        "title": p.title,
        "text": p.text,
        "theme": p.theme.slug if p.theme else None,
        "sector": p.sector,
        "sharing": p.sharing,
        "status": p.status,
        "source": p.shown_source,
        "submitted_at": p.submitted_at,
    }


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get(
    "/chapters/{slug}/themes",
    response={200: list[ThemeOut], **ERRORS},
    url_name="theme_list",
    summary="The chapter's themes (coordinators)",
)
def theme_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    rights = chapter_access(request, slug)
    return [
        {
            "slug": t.slug,
            "label_nl": t.label_nl,
            "label_en": t.label_en,
            "keywords": list(t.keywords),
            "is_active": t.is_active,
        }
        for t in access.themes_for_coordinator(rights)
    ]


@router.get(
    "/chapters/{slug}/questions",
    response={200: list[QuestionOut], **ERRORS},
    url_name="question_list",
    summary="Questions: all for coordinators, your own otherwise",
)
@paginate(PageNumber)
def question_list(request: HttpRequest, slug: str, status: str | None = None) -> list[Any]:
    rights = chapter_access(request, slug)
    questions = access.questions_for(rights, api_user(request)).select_related("conversation")
    if status in Question.Status.values:
        questions = questions.filter(status=status)
    return [_question_out(q) for q in questions.order_by("-raised_at", "-pk")]


@router.post(
    "/chapters/{slug}/questions",
    response={201: QuestionOut, 400: ActionErrorOut, **ERRORS},
    url_name="question_create",
    summary="Raise a question (from a conversation, or as staff)",
)
def question_create(request: HttpRequest, slug: str, data: QuestionIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    require(rights.can_use_knowledge_base)
    conversation = (
        get_conversation_for_user(rights, user, data.conversation).latest_version()
        if data.conversation
        else None
    )
    person = None
    if data.person:
        if conversation is None:
            return Status(400, {"detail": "A contact person needs the conversation."})
        person = conversation.organisation.persons.filter(public_code=data.person).first()
        if person is None:
            raise Http404
    question = actions.raise_question(
        actor=user,
        chapter=rights.chapter,
        text=data.text,
        theme=_theme(rights, data.theme),
        conversation=conversation,
        person=person,
        notify_entrepreneur=data.notify_entrepreneur,
    )
    return Status(201, _question_out(question))


@router.get(
    "/chapters/{slug}/questions/{code}",
    response={200: QuestionOut, **ERRORS},
    url_name="question_detail",
    summary="One question, with its answer",
)
def question_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    return _question_out(access.get_question_for_user(rights, api_user(request), code))


@router.post(
    "/chapters/{slug}/questions/{code}/answer",
    response={200: QuestionOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="question_answer",
    summary="Answer a question (once for its group; the askers are e-mailed)",
)
def question_answer(request: HttpRequest, slug: str, code: str, data: AnswerIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    question = access.get_question_for_coordinator(rights, user, code)
    actions.answer_question(actor=user, question=question, title=data.title, text=data.text)
    question.refresh_from_db()
    return Status(200, _question_out(question))


@router.post(
    "/chapters/{slug}/questions/{code}/publish",
    response={200: QuestionOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="question_publish",
    summary="Publish the answer in the FAQ (or take it out)",
)
def question_publish(request: HttpRequest, slug: str, code: str, data: PublishIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    question = access.get_question_for_coordinator(rights, user, code)
    actions.publish_answer(actor=user, question=question, publish=data.publish)
    question.refresh_from_db()
    return Status(200, _question_out(question))


@router.post(
    "/chapters/{slug}/questions/{code}/group",
    response={200: QuestionOut, 400: ActionErrorOut, 409: ActionErrorOut, **ERRORS},
    url_name="question_group",
    summary="Group a question under a similar one (one answer for both)",
)
def question_group(request: HttpRequest, slug: str, code: str, data: GroupIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    question = access.get_question_for_coordinator(rights, user, code)
    under = access.find_question_to_group_under(rights, data.under)
    if under is None:
        raise Http404
    question = actions.group_question(actor=user, question=question, under=under)
    return Status(200, _question_out(question))


@router.get(
    "/chapters/{slug}/faq",
    response={200: list[FaqOut], **ERRORS},
    url_name="faq",
    summary="Search the published answers",
)
@paginate(PageNumber)
def faq(request: HttpRequest, slug: str, q: str = "") -> list[dict[str, Any]]:
    rights = chapter_access(request, slug)
    answers = access.faq_for(rights)
    if q.strip():
        answers = access.search_faq(answers, q.strip()[:200])
    return [
        {
            "code": a.public_code,
            "title": a.title,
            "text": a.text,
            "theme": a.question.theme.slug if a.question.theme else None,
            "published_at": a.published_at,
        }
        for a in answers.order_by("-published_at")
    ]


@router.get(
    "/chapters/{slug}/best-practices",
    response={200: list[PracticeOut], **ERRORS},
    url_name="practice_list",
    summary="The published best practices (coordinators may ask for any status)",
)
@paginate(PageNumber)
def practice_list(request: HttpRequest, slug: str, status: str | None = None) -> list[Any]:
    rights = chapter_access(request, slug)
    if status and status != BestPractice.Status.PUBLISHED:
        practices = access.practices_for_review(rights).filter(status=status)
    else:
        practices = access.library_for(rights)
    return [_practice_out(p) for p in practices.order_by("-submitted_at", "-pk")]


@router.post(
    "/chapters/{slug}/best-practices",
    response={201: PracticeOut, 400: ActionErrorOut, **ERRORS},
    url_name="practice_create",
    summary="Submit a best practice for review, with the consent to share",
)
def practice_create(request: HttpRequest, slug: str, data: PracticeIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    require(rights.can_use_knowledge_base)
    conversation = (
        get_conversation_for_user(rights, user, data.conversation).latest_version()
        if data.conversation
        else None
    )
    practice = actions.submit_best_practice(
        actor=user,
        chapter=rights.chapter,
        title=data.title,
        text=data.text,
        sharing=data.sharing,
        theme=_theme(rights, data.theme),
        sector=data.sector,
        conversation=conversation,
    )
    return Status(201, _practice_out(practice))


@router.get(
    "/chapters/{slug}/best-practices/{code}",
    response={200: PracticeOut, **ERRORS},
    url_name="practice_detail",
    summary="One best practice",
)
def practice_detail(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    rights = chapter_access(request, slug)
    return _practice_out(access.get_practice_for_user(rights, api_user(request), code))


@router.post(
    "/chapters/{slug}/best-practices/{code}/review",
    response={200: PracticeOut, 400: ActionErrorOut, **ERRORS},
    url_name="practice_review",
    summary="Publish a best practice in the library, or not (with a note)",
)
def practice_review(request: HttpRequest, slug: str, code: str, data: ReviewIn) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    practice = access.get_practice_for_coordinator(rights, user, code)
    practice = actions.review_best_practice(
        actor=user, practice=practice, publish=data.publish, note=data.note
    )
    return Status(200, _practice_out(practice))
