"""The one action error: every app's error subclasses it, keeps its code and its HTTP status."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from belronde.accounts.actions import AccountsError, TwoFactorError, TwoFactorThrottled
from belronde.analyses.actions import AnalysisError
from belronde.campaigns import actions as campaigns
from belronde.conversations import actions as conversations
from belronde.knowledge import actions as knowledge
from belronde.lib.errors import ActionError, show_error
from belronde.members import actions as members
from belronde.referrals import actions as referrals

#: (class, code, status): the API's answers, which its clients rely on
ERRORS = [
    (campaigns.CallRoundError, "invalid", 400),
    (campaigns.ClaimLimitReached, "claim_limit", 409),
    (campaigns.NotClaimedByYou, "not_claimed", 409),
    (campaigns.CampaignNotRunning, "not_running", 409),
    (campaigns.IdempotencyKeyReused, "key_reused", 409),
    (campaigns.NotACaller, "not_a_caller", 403),
    (knowledge.KnowledgeError, "invalid", 400),
    (knowledge.WrongStatus, "wrong_status", 409),
    (referrals.ReferralError, "invalid", 400),
    (referrals.ConsentRequired, "consent_required", 409),
    (referrals.WrongStatus, "wrong_status", 409),
    (members.MembersError, "invalid", 400),
    (members.DuplicateOrganisation, "duplicate", 409),
    (members.StaleEdit, "stale_edit", 409),
    (members.ExportLimitReached, "export_limit", 429),
    (AnalysisError, "invalid", 400),
    (AccountsError, "invalid", 400),
    (TwoFactorError, "two_factor_refused", 400),
    (TwoFactorThrottled, "two_factor_throttled", 429),
    (conversations.ConversationInvalid, "invalid_answers", 422),
    (conversations.IdempotencyKeyReused, "key_reused", 409),
    (conversations.ConversationOutdated, "outdated", 409),
]


@pytest.mark.parametrize(("error", "code", "status"), ERRORS)
def test_it_gives_every_action_error_one_base_a_code_and_a_status(
    error: type[ActionError], code: str, status: int
) -> None:
    assert issubclass(error, ActionError)
    assert (error.code, error.status) == (code, status)


def test_it_answers_the_message_and_the_code() -> None:
    error = knowledge.WrongStatus("Already answered.")
    assert error.message == str(error) == "Already answered."
    assert error.as_json() == {"detail": "Already answered.", "code": "wrong_status"}


def test_it_keeps_the_errors_that_were_value_errors_value_errors() -> None:
    for error in (members.MembersError, AnalysisError, AccountsError):
        assert issubclass(error, ValueError)


def test_it_lists_the_answers_that_do_not_fit_the_script() -> None:
    from belronde.campaigns.script_items import AnswerError

    error = conversations.ConversationInvalid([AnswerError("health", "required")])
    body = error.as_json()
    assert body["code"] == "invalid_answers"
    assert body["errors"] == [{"field": "health", "code": "required"}]


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_it_shows_the_error_on_the_form_or_as_a_message() -> None:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)
    form = _Form({})
    assert form.is_valid()
    show_error(request, referrals.ReferralError("Not now."), form=form, field="name")
    assert form.errors == {"name": ["Not now."]}
    show_error(request, referrals.ReferralError("Not now either."))
    assert [str(m) for m in get_messages(request)] == ["Not now either."]
