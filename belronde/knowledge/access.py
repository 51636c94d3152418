"""Who may see questions, answers, best practices and themes: the only way to fetch them.

- coordinators: everything of their chapter (the queue, answering, review, the theme list);
- callers and coaches: the questions they raised, the published FAQ, the published library, the
  practices they submitted;
- partners, funders, regional staff: nothing here (403).

Another chapter's object (or none) is 404; a right your role lacks in your own chapter is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import User
from belronde.knowledge.models import Answer, BestPractice, Question
from belronde.themes.access import themes_for
from belronde.themes.models import Theme


def questions_for(access: ChapterAccess, user: User) -> QuerySet[Question]:
    require(access.can_use_knowledge_base)
    questions = Question.objects.filter(chapter=access.chapter).select_related(
        "theme", "raised_by", "organisation", "same_as"
    )
    if access.can_manage_chapter:
        return questions
    return questions.filter(raised_by=user)


def get_question_for_user(access: ChapterAccess, user: User, code: str) -> Question:
    question = (
        Question.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("theme", "raised_by", "organisation", "person", "same_as", "conversation")
        .first()
    )
    if question is None:
        raise Http404
    require(access.can_use_knowledge_base)
    if not access.can_manage_chapter and question.raised_by_id != user.pk:
        raise PermissionDenied
    return question


def get_question_for_coordinator(access: ChapterAccess, user: User, code: str) -> Question:
    question = get_question_for_user(access, user, code)
    require(access.can_manage_chapter)
    return question


def question_leads(
    access: ChapterAccess, *, leaving_out: Question | None = None
) -> list[tuple[str, str]]:
    """(code, text) of the chapter's lead questions (not grouped under another), newest first,
    for a coordinator grouping questions; at most 300."""
    require(access.can_manage_chapter)
    leads = Question.objects.filter(chapter=access.chapter, same_as__isnull=True)
    if leaving_out is not None:
        leads = leads.exclude(pk=leaving_out.pk)
    return list(leads.order_by("-raised_at").values_list("public_code", "text")[:300])


def find_question_to_group_under(access: ChapterAccess, code: str) -> Question | None:
    """The chapter's question a coordinator names by its code; None when there is none."""
    require(access.can_manage_chapter)
    return (
        Question.objects.filter(chapter=access.chapter, public_code=code.strip().upper())
        .select_related("same_as")
        .first()
    )


def questions_raised_in(access: ChapterAccess, conversation_ids: list[int]) -> QuerySet[Question]:
    """The questions raised in a conversation (any version of it), for someone who may read it."""
    return Question.objects.filter(
        chapter=access.chapter, conversation_id__in=conversation_ids
    ).order_by("-raised_at")


def practices_shared_in(
    access: ChapterAccess, conversation_ids: list[int]
) -> QuerySet[BestPractice]:
    """The best practices told in a conversation (any version of it), for its readers."""
    return BestPractice.objects.filter(
        chapter=access.chapter, conversation_id__in=conversation_ids
    ).order_by("-submitted_at")


def faq_for(access: ChapterAccess) -> QuerySet[Answer]:
    require(access.can_use_knowledge_base)
    return Answer.objects.filter(chapter=access.chapter, published_at__isnull=False).select_related(
        "question__theme"
    )


def library_for(access: ChapterAccess) -> QuerySet[BestPractice]:
    require(access.can_use_knowledge_base)
    return BestPractice.objects.filter(
        chapter=access.chapter, status=BestPractice.Status.PUBLISHED
    ).select_related("theme", "organisation")


def practices_for_review(access: ChapterAccess) -> QuerySet[BestPractice]:
    require(access.can_manage_chapter)
    return BestPractice.objects.filter(chapter=access.chapter).select_related(
        "theme", "organisation", "submitted_by"
    )


def get_practice_for_user(access: ChapterAccess, user: User, code: str) -> BestPractice:
    practice = (
        BestPractice.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("theme", "organisation", "submitted_by", "reviewed_by")
        .first()
    )
    if practice is None:
        raise Http404
    require(access.can_use_knowledge_base)
    if (
        access.can_manage_chapter
        or practice.submitted_by_id == user.pk
        or practice.status == BestPractice.Status.PUBLISHED
    ):
        return practice
    raise PermissionDenied


def get_practice_for_coordinator(access: ChapterAccess, user: User, code: str) -> BestPractice:
    practice = get_practice_for_user(access, user, code)
    require(access.can_manage_chapter)
    return practice


def themes_for_coordinator(access: ChapterAccess) -> QuerySet[Theme]:
    require(access.can_manage_chapter)
    return themes_for(access.chapter, active_only=False)


def get_theme_for_coordinator(access: ChapterAccess, slug: str) -> Theme:
    theme = themes_for(access.chapter, active_only=False).filter(slug=slug).first()
    if theme is None:
        raise Http404
    require(access.can_manage_chapter)
    return theme


def search_faq(answers: QuerySet[Answer], query: str) -> QuerySet[Answer]:
    """Every word of the query must occur in the FAQ wording, the answer or the theme."""
    for word in query.split()[:8]:
        answers = answers.filter(
            Q(title__icontains=word)
            | Q(text__icontains=word)
            | Q(question__text__icontains=word)
            | Q(question__theme__label_nl__icontains=word)
            | Q(question__theme__label_en__icontains=word)
        )
    return answers
