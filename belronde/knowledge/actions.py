"""Every state change of the knowledge base: themes, questions and answers, best practices."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.audit.actions import record_event
from belronde.knowledge.models import Answer, BestPractice, Question
from belronde.lib.errors import ActionError
from belronde.themes.models import Theme

if TYPE_CHECKING:
    from belronde.accounts.models import Chapter, User
    from belronde.conversations.models import Conversation
    from belronde.members.models import Organisation, Person


class KnowledgeError(ActionError):
    """A knowledge-base request that cannot be carried out (``belronde.lib.errors``)."""


class WrongStatus(KnowledgeError):
    code = "wrong_status"
    status = 409


# Questions --------------------------------------------------------------------------------------


def _check_theme(chapter: Chapter, theme: Theme | None) -> None:
    if theme is not None and theme.chapter_id != chapter.pk:
        raise KnowledgeError(_("This theme belongs to another chapter."))


@transaction.atomic
def raise_question(
    *,
    actor: User,
    chapter: Chapter,
    text: str,
    theme: Theme | None = None,
    conversation: Conversation | None = None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    notify_entrepreneur: bool = False,
) -> Question:
    text = text.strip()
    if len(text) < 5:
        raise KnowledgeError(_("Write the question in a few words at least."))
    if len(text) > 2000:
        raise KnowledgeError(_("A question holds at most 2000 characters."))
    _check_theme(chapter, theme)
    if conversation is not None:
        if conversation.chapter_id != chapter.pk:
            raise KnowledgeError(_("This conversation belongs to another chapter."))
        organisation = organisation or conversation.organisation
        person = person or conversation.person
    if organisation is not None and organisation.chapter_id != chapter.pk:
        raise KnowledgeError(_("This organisation belongs to another chapter."))
    if person is not None and (organisation is None or person.organisation_id != organisation.pk):
        raise KnowledgeError(_("This contact person works for another organisation."))
    if notify_entrepreneur and (person is None or not person.email):
        raise KnowledgeError(
            _(
                "The entrepreneur can only get the answer by e-mail when their contact has an "
                "address."
            )
        )
    question = Question.objects.create(
        chapter=chapter,
        text=text,
        theme=theme,
        conversation=conversation,
        organisation=organisation,
        person=person,
        notify_entrepreneur=notify_entrepreneur,
        raised_by=actor,
    )
    record_event(
        actor=actor,
        verb="question.raised",
        chapter=chapter,
        obj=question,
        payload={
            "theme": theme.slug if theme else None,
            "conversation": conversation.public_code if conversation else None,
        },
    )
    return question


def _locked_lead(question: Question) -> Question:
    """The group's lead question as stored now (the caller's copy may predate a grouping)."""
    current = Question.objects.select_related("same_as").get(pk=question.pk)
    return Question.objects.select_for_update().get(pk=current.lead.pk)


def _group_members(lead: Question) -> list[Question]:
    return [lead, *Question.objects.filter(same_as=lead).order_by("pk")]


@transaction.atomic
def group_question(*, actor: User, question: Question, under: Question) -> Question:
    """Put ``question`` (and anything grouped under it) under the similar question ``under``.

    The group shares one answer: when ``under`` is already answered, the moved questions are
    answered too and their askers told.
    """
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("same_as")
        .get(pk=question.pk)
    )
    lead = _locked_lead(under)
    if lead.chapter_id != question.chapter_id:
        raise KnowledgeError(_("These questions belong to different chapters."))
    if lead.pk == question.pk or question.lead.pk == lead.pk:
        raise KnowledgeError(_("This question is already in that group."))
    if hasattr(question, "answer"):
        raise KnowledgeError(
            _("This question has its own answer; group the other question under it instead.")
        )
    moved = [question, *Question.objects.filter(same_as=question)]
    now = timezone.now()
    Question.objects.filter(pk__in=[q.pk for q in moved]).update(
        same_as=lead, status=lead.status, grouped_by=actor, grouped_at=now
    )
    record_event(
        actor=actor,
        verb="question.grouped",
        chapter=lead.chapter,
        obj=question,
        payload={"under": lead.public_code, "moved": len(moved)},
    )
    if lead.status != Question.Status.OPEN:
        _notify_answered([q.pk for q in moved])
    question.refresh_from_db()
    return question


@transaction.atomic
def ungroup_question(*, actor: User, question: Question) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.same_as_id is None:
        raise KnowledgeError(_("This question is not grouped."))
    lead_code = question.lead.public_code
    question.same_as = None
    question.status = Question.Status.OPEN
    question.grouped_by = actor
    question.grouped_at = timezone.now()
    question.save(update_fields=["same_as", "status", "grouped_by", "grouped_at"])
    record_event(
        actor=actor,
        verb="question.ungrouped",
        chapter=question.chapter,
        obj=question,
        payload={"was_under": lead_code},
    )
    return question


def _notify_answered(question_ids: list[int]) -> None:
    from belronde.knowledge.tasks import notify_question_answered

    for pk in question_ids:
        transaction.on_commit(partial(notify_question_answered.enqueue, pk))


@transaction.atomic
def answer_question(
    *, actor: User, question: Question, title: str, text: str, notify: bool = True
) -> Answer:
    """Answer a question once for its whole group; the askers (and the entrepreneurs who asked
    for it) get the answer by e-mail. Answering again edits the answer without new e-mails."""
    lead = _locked_lead(question)
    title, text = title.strip() or lead.text[:250], text.strip()
    if len(text) < 5:
        raise KnowledgeError(_("Write an answer."))
    if len(title) > 250:
        raise KnowledgeError(_("The FAQ wording holds at most 250 characters."))
    now = timezone.now()
    existing = Answer.objects.filter(question=lead).first()
    if existing is not None:
        existing.title, existing.text, existing.updated_at = title, text, now
        existing.save(update_fields=["title", "text", "updated_at"])
        record_event(actor=actor, verb="answer.updated", chapter=lead.chapter, obj=existing)
        return existing
    answer = Answer.objects.create(
        chapter=lead.chapter, question=lead, title=title, text=text, written_by=actor
    )
    members = _group_members(lead)
    Question.objects.filter(pk__in=[q.pk for q in members]).update(status=Question.Status.ANSWERED)
    record_event(
        actor=actor,
        verb="question.answered",
        chapter=lead.chapter,
        obj=lead,
        payload={"answer": answer.public_code, "questions": len(members)},
    )
    if notify:
        _notify_answered([q.pk for q in members])
    return answer


@transaction.atomic
def publish_answer(*, actor: User, question: Question, publish: bool = True) -> Answer:
    """Publish the group's answer in the FAQ callers search (or take it out again)."""
    lead = _locked_lead(question)
    answer = Answer.objects.filter(question=lead).first()
    if answer is None:
        raise WrongStatus(_("Answer the question before publishing it."))
    status = Question.Status.PUBLISHED if publish else Question.Status.ANSWERED
    if publish and answer.published_at is None:
        answer.published_at, answer.published_by = timezone.now(), actor
    elif not publish and answer.published_at is not None:
        answer.published_at, answer.published_by = None, None
    else:
        return answer
    answer.save(update_fields=["published_at", "published_by"])
    Question.objects.filter(pk__in=[q.pk for q in _group_members(lead)]).update(status=status)
    record_event(
        actor=actor,
        verb="answer.published" if publish else "answer.unpublished",
        chapter=lead.chapter,
        obj=answer,
    )
    return answer


# Best practices ---------------------------------------------------------------------------------

NACE_SECTORS: tuple[tuple[tuple[int, int], str], ...] = (
    ((1, 3), BestPractice.Sector.AGRICULTURE),
    ((10, 33), BestPractice.Sector.MANUFACTURING),
    ((41, 43), BestPractice.Sector.CONSTRUCTION),
    ((45, 47), BestPractice.Sector.RETAIL),
    ((49, 53), BestPractice.Sector.TRANSPORT),
    ((55, 56), BestPractice.Sector.HORECA),
    ((86, 88), BestPractice.Sector.CARE),
)


def sector_for(nace_code: str) -> str:
    """The best-practice sector of a NACE-BEL code (its division, the first two digits)."""
    if len(nace_code) < 2 or not nace_code[:2].isdigit():
        return BestPractice.Sector.OTHER
    division = int(nace_code[:2])
    for (low, high), sector in NACE_SECTORS:
        if low <= division <= high:
            return sector
    return BestPractice.Sector.SERVICES if 58 <= division <= 96 else BestPractice.Sector.OTHER


@transaction.atomic
def submit_best_practice(
    *,
    actor: User,
    chapter: Chapter,
    title: str,
    text: str,
    sharing: str,
    theme: Theme | None = None,
    sector: str = "",
    conversation: Conversation | None = None,
    organisation: Organisation | None = None,
) -> BestPractice:
    title, text = title.strip(), text.strip()
    if not title or len(text) < 10:
        raise KnowledgeError(_("A best practice needs a title and a description."))
    if sharing not in BestPractice.Sharing.values:
        raise KnowledgeError(_("Record what the entrepreneur allows us to share."))
    _check_theme(chapter, theme)
    if conversation is not None:
        if conversation.chapter_id != chapter.pk:
            raise KnowledgeError(_("This conversation belongs to another chapter."))
        organisation = organisation or conversation.organisation
    if organisation is not None and organisation.chapter_id != chapter.pk:
        raise KnowledgeError(_("This organisation belongs to another chapter."))
    if sharing == BestPractice.Sharing.NAMED and organisation is None:
        raise KnowledgeError(_("A practice shared by name needs the organisation it comes from."))
    if not sector:
        sector = sector_for(organisation.nace_code) if organisation else BestPractice.Sector.OTHER
    if sector not in BestPractice.Sector.values:
        raise KnowledgeError(_("Unknown sector."))
    practice = BestPractice.objects.create(
        chapter=chapter,
        title=title[:200],
        text=text,
        theme=theme,
        sector=sector,
        sharing=sharing,
        conversation=conversation,
        organisation=organisation,
        submitted_by=actor,
    )
    record_event(
        actor=actor,
        verb="practice.submitted",
        chapter=chapter,
        obj=practice,
        payload={"sharing": sharing, "sector": sector},
    )
    return practice


@transaction.atomic
def review_best_practice(
    *, actor: User, practice: BestPractice, publish: bool, note: str = ""
) -> BestPractice:
    """The coordinator publishes a practice in the library, or keeps it out (with a note)."""
    practice = BestPractice.objects.select_for_update().get(pk=practice.pk)
    note = note.strip()
    if publish and practice.sharing == BestPractice.Sharing.INTERNAL:
        raise KnowledgeError(
            _("The entrepreneur did not consent to sharing this practice: it cannot be published.")
        )
    if not publish and not note:
        raise KnowledgeError(_("Say why the practice is not published."))
    practice.status = BestPractice.Status.PUBLISHED if publish else BestPractice.Status.REJECTED
    practice.reviewed_by = actor
    practice.reviewed_at = timezone.now()
    practice.review_note = note[:500]
    practice.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    record_event(
        actor=actor,
        verb="practice.published" if publish else "practice.rejected",
        chapter=practice.chapter,
        obj=practice,
    )
    return practice
