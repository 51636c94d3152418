"""E-mail about questions, sent by the task worker (enqueued on commit by the actions)."""

from __future__ import annotations

from django.tasks import task

from belronde.knowledge.models import Answer, Question
from belronde.lib.mail import Recipient, absolute_url, send_localised


@task()
def notify_question_answered(question_id: int) -> int:
    """Send the answer to the caller who asked and, when they opted in, to the entrepreneur."""
    question = (
        Question.objects.select_related("chapter", "raised_by", "person", "same_as")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        return 0
    answer = Answer.objects.filter(question=question.lead).first()
    if answer is None:
        return 0
    sent = 0
    asker = question.raised_by
    if asker.is_active and asker.email:
        sent += send_localised(
            Recipient(asker.email, asker.language, asker.display_name),
            "knowledge/email/question_answered",
            {
                "question": question,
                "answer": answer,
                "url": absolute_url(
                    "knowledge:question_detail",
                    chapter=question.chapter.slug,
                    code=question.public_code,
                ),
                "for_entrepreneur": False,
            },
        )
    person = question.person
    if question.notify_entrepreneur and person is not None and person.email:
        sent += send_localised(
            Recipient(person.email, person.language, person.name),
            "knowledge/email/question_answered",
            {
                "question": question,
                "answer": answer,
                "chapter": question.chapter.name,
                "for_entrepreneur": True,
            },
        )
    return sent
