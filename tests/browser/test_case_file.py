"""The firm's case file in real Chromium, at 390 px and 1366 px (issue 13, point 5): the
coordinator reads the whole history of a firm with a long one, the caller the reduced one (their
own calls and conversations, and that the firm was helped), and neither page scrolls sideways.

Screenshots go to the test's tmp_path (``--basetemp`` keeps them: docs/screenshots/issue-13).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from belronde.accounts.demo import load as load_demo_users
from belronde.accounts.models import Chapter, PartnerOrganisation, User
from belronde.campaigns.models import CallAttempt
from belronde.coaching import actions as coaching_actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.tests.fixtures import assign, make_conversation
from belronde.knowledge.actions import raise_question, submit_best_practice
from belronde.members.models import Organisation
from belronde.referrals.demo import ensure_services
from belronde.referrals.models import Service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Bakkerij Van den Broeck NV"
SESSION_NOTE = "Vertrouwelijk: de bank wil de kredietlijn verlagen."
CONCLUSION = "Afbetalingsplan RSZ loopt, kaspositie voor 13 weken gedekt."


def long_history() -> tuple[Organisation, str]:
    """A firm called in two rounds by two callers, referred, analysed and coached to an outcome."""
    load_demo_users(seed=2020)
    mechelen = Chapter.objects.get(slug="mechelen")
    ensure_services(mechelen)
    Service.objects.filter(chapter=mechelen).update(requires_review=False)  # sent at once
    users = {u.username: u for u in User.objects.filter(username__endswith=".mechelen")}
    caller, other = users["caller1.mechelen"], users["caller2.mechelen"]
    p = SimpleNamespace(
        mechelen=mechelen,
        caller=caller,
        coach=users["coach.mechelen"],
        dyzo=PartnerOrganisation.objects.first(),
    )
    now = timezone.now()
    trajectory = make_trajectory(
        p,
        name=NAME,
        status=Trajectory.Status.PLAN,
        started_on=timezone.localdate() - dt.timedelta(days=60),
    )
    org = trajectory.organisation
    Organisation.objects.filter(pk=org.pk).update(legal_form="NV")
    first = assign(caller, org)
    for days, who, outcome, note in [
        (75, other, CallAttempt.Outcome.NO_ANSWER, "Enkel een bandje, na de middag opnieuw."),
        (74, other, CallAttempt.Outcome.BUSY, ""),
        (
            73,
            caller,
            CallAttempt.Outcome.VOICEMAIL,
            "Boodschap ingesproken, vraagt terug te bellen.",
        ),
        (72, caller, CallAttempt.Outcome.REACHED, ""),
    ]:
        CallAttempt.objects.create(
            chapter=mechelen,
            assignment=first,
            caller=who,
            outcome=outcome,
            note=note,
            at=now - dt.timedelta(days=days),
        )
    conversation = trajectory.referral.conversation
    raise_question(
        actor=caller,
        chapter=mechelen,
        text="Kan ik uitstel van betaling vragen voor de btw van het derde kwartaal?",
        conversation=conversation,
        organisation=org,
    )
    submit_best_practice(
        actor=caller,
        chapter=mechelen,
        title="Afhaalmenu op vaste uren",
        text="Vaste ophaalmomenten maakten de ovens 's avonds weer rendabel.",
        sharing="anonymous",
        conversation=conversation,
        organisation=org,
    )
    coaching_actions.start_analysis(actor=p.coach, trajectory=trajectory)
    for days, minutes, mode in [(50, 90, "visit"), (35, 60, "phone"), (20, 45, "video")]:
        coaching_actions.log_session(
            actor=p.coach,
            trajectory=Trajectory.objects.get(pk=trajectory.pk),
            held_on=timezone.localdate() - dt.timedelta(days=days),
            minutes=minutes,
            mode=mode,
            notes=SESSION_NOTE,
        )
    coaching_actions.add_plan_item(
        actor=p.coach,
        trajectory=Trajectory.objects.get(pk=trajectory.pk),
        module="payment-plan",
        description="Afbetalingsplan met de RSZ",
        owner="entrepreneur",
    )
    coaching_actions.transition(
        actor=p.coach, trajectory=Trajectory.objects.get(pk=trajectory.pk), to="coaching"
    )
    coaching_actions.close_trajectory(
        actor=p.coach,
        trajectory=Trajectory.objects.get(pk=trajectory.pk),
        outcome=Trajectory.Outcome.RECOVERED,
        conclusion=CONCLUSION,
        notify=False,
    )
    backdate(org, now)
    # the next round: caller1 calls again and finds the firm doing better
    again = assign(caller, org)
    CallAttempt.objects.create(
        chapter=mechelen,
        assignment=again,
        caller=caller,
        outcome=CallAttempt.Outcome.REACHED,
        at=now - dt.timedelta(hours=2),
    )
    make_conversation(
        caller,
        org,
        {
            "how_is_it_going": "Veel beter: de zaak draait weer en de RSZ is afbetaald.",
            "health": "green",
            "liquidity_horizon": "6-12",
            "asks_for_help": "no",
        },
        assignment=again,
    )
    return org, again.public_code


def backdate(org: Organisation, now: dt.datetime) -> None:
    """Spread what the actions stamped "now" over the weeks it would have taken (test data)."""
    from belronde.analyses.models import FinancialAnalysis
    from belronde.coaching.models import TrajectoryEvent
    from belronde.conversations.models import Conversation
    from belronde.knowledge.models import BestPractice, Question
    from belronde.referrals.models import Consent, ReferralEvent

    call = now - dt.timedelta(days=72)
    Conversation.objects.filter(organisation=org).update(held_at=call)
    Question.objects.filter(organisation=org).update(raised_at=call + dt.timedelta(minutes=5))
    BestPractice.objects.filter(organisation=org).update(
        submitted_at=call + dt.timedelta(minutes=6)
    )
    Consent.objects.filter(organisation=org).update(captured_at=call + dt.timedelta(minutes=8))
    events = ReferralEvent.objects.filter(referral__organisation=org).order_by("at", "id")
    for i, (event, days) in enumerate(zip(events, [72, 72, 64], strict=False)):  # not the close
        at = now - dt.timedelta(days=days) + dt.timedelta(minutes=10 * (i + 1))
        ReferralEvent.objects.filter(pk=event.pk).update(at=at)
    steps = {"started": 60, "status": None, "analysis_waived": 57, "analysis_linked": 55}
    moved = iter([58, 56, 15])  # to analysis, to plan, to coaching
    trajectory_events = TrajectoryEvent.objects.filter(trajectory__organisation=org)
    for step in trajectory_events.order_by("at", "id"):
        if step.kind == "closed":
            continue
        days = steps.get(step.kind) or next(moved)
        TrajectoryEvent.objects.filter(pk=step.pk).update(at=now - dt.timedelta(days=days))
    FinancialAnalysis.objects.filter(organisation=org).update(
        created_at=now - dt.timedelta(days=55)
    )


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Afdeling Mechelen")).to_be_visible()


def fits(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px ({scroll}px)"


def test_the_organisation_page_shows_the_history_each_reader_may_see(
    live_server, page: Page, settings, tmp_path
):
    settings.DEBUG = True
    settings.AXES_ENABLED = False
    org, this_round = long_history()
    url = f"{live_server.url}/c/mechelen/members/{org.public_code}/"
    for username, who in [("coordinator.mechelen", "coordinator"), ("caller1.mechelen", "caller")]:
        page.context.clear_cookies()
        log_in(page, live_server.url, username)
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            expect(page.get_by_role("heading", name=NAME, exact=True)).to_be_visible()
            history = page.get_by_test_id("case-file")
            expect(history.get_by_role("heading", name="Geschiedenis")).to_be_visible()
            fits(page, width)
            page.screenshot(path=str(tmp_path / f"case-file-{who}-{width}.png"), full_page=True)
            text = history.inner_text()
            assert SESSION_NOTE not in text and CONCLUSION not in text
            if who == "coordinator":
                expect(history.locator('[data-kind="session"]')).to_have_count(3)
                expect(history.locator('[data-kind="analysis"]')).to_have_count(1)
                assert "Enkel een bandje" in text  # another caller's note
            else:
                expect(history.locator('[data-kind="session"]')).to_have_count(0)
                expect(history.locator('[data-kind="analysis"]')).to_have_count(0)
                expect(history.locator('[data-kind="help"]')).to_have_count(2)
                assert "Enkel een bandje" not in text  # not their call
                assert "Boodschap ingesproken" in text

    # the caller's overview lists the firm they referred, the call screen its then and now
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/c/mechelen/")
    card = page.get_by_test_id("card-referred")
    expect(card).to_contain_text(NAME)
    fits(page, 390)
    card.screenshot(path=str(tmp_path / "overview-referred-390.png"))
    page.goto(f"{live_server.url}/c/mechelen/calls/{this_round}/")
    expect(page.get_by_test_id("helped")).to_be_visible()
    expect(page.get_by_test_id("then-and-now")).to_be_visible()
    fits(page, 390)
    page.locator("section", has=page.get_by_test_id("then-and-now")).screenshot(
        path=str(tmp_path / "call-then-and-now-390.png")
    )
