"""Demo trajectories for Mechelen (idempotent; runs after the analyses and referrals loaders).

Eight firms, each called by a demo caller who referred it to the federation's coaching with
consent, the referral sent and accepted, and a trajectory that ``coach.mechelen`` started with
the intake backdated, so that the timeline has done, due and late activities today:

- two at the intake (one fresh, one whose financial analysis is late);
- one in the financial analysis and one in the plan, linked to the demo analyses (the plan is
  late for both);
- one in coaching, linked to the third demo analysis, with sessions and its second follow-up
  late;
- two closed with an outcome (recovered; restructured, with an analysis started from the
  trajectory and pre-filled from the call), each with its follow-ups scheduled;
- one handed on to Dyzo (with consent, through the referral verbs) and closed with that outcome.

``caller1.mechelen`` referred three of them, one of which recovered: their overview shows a firm
that was helped. Everything goes through the actions, without e-mail (``notify=False``).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef
from django.utils import timezone

from belronde.accounts.models import Chapter, Membership, User
from belronde.analyses.models import FinancialAnalysis, Schema
from belronde.campaigns.models import ScriptVersion
from belronde.coaching import actions
from belronde.coaching.models import PlanItem, Trajectory
from belronde.conversations.actions import record_conversation
from belronde.conversations.demo import ANSWER_SETS, demo_users
from belronde.conversations.scripts import entry_script_version
from belronde.members.models import Organisation
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Consent, Referral, Service

Role = Membership.Role
Status = Trajectory.Status
Outcome = Trajectory.Outcome
BRUSSELS = ZoneInfo("Europe/Brussels")

#: (days after the intake, minutes, how, notes)
SessionSpec = tuple[int, int, str, str]
#: (module key, what, who, due in days from today or None)
ItemSpec = tuple[str, str, str, int | None]


@dataclass(frozen=True)
class Spec:
    days_ago: int  # the intake, counted back from today
    status: str  # where the trajectory stands
    caller: int  # which demo caller referred (1 = caller1.mechelen)
    answers: int  # which of the conversations demo's answer sets the call gave
    analysis: str = ""  # "abbreviated", "alarm", "micro" (the demo analyses), "new" or ""
    outcome: str = ""
    conclusion: str = ""
    dyzo: bool = False  # handed on to Dyzo before closing
    summary: str = ""
    items: tuple[ItemSpec, ...] = ()
    sessions: tuple[SessionSpec, ...] = ()
    coaching_sessions: tuple[SessionSpec, ...] = ()  # logged once in coaching


WAIVED = (
    "De boekhouder bezorgde een recente tussentijdse balans en een liquiditeitsprognose: een "
    "volledige financiële analyse is niet nodig."
)
INTAKE = "Kennismaking: situatie overlopen, de ondernemer wil zelf verder. Afspraken gemaakt."

PLAN: tuple[Spec, ...] = (
    Spec(days_ago=3, status=Status.INTAKE, caller=1, answers=0),
    Spec(
        days_ago=12,
        status=Status.INTAKE,
        caller=2,
        answers=3,
        sessions=((0, 60, "phone", INTAKE),),
    ),
    Spec(
        days_ago=26,
        status=Status.ANALYSIS,
        caller=3,
        answers=3,
        analysis="micro",
        sessions=((0, 75, "visit", INTAKE), (9, 45, "video", "Cijfers van twee jaar overlopen.")),
    ),
    Spec(
        days_ago=33,
        status=Status.PLAN,
        caller=1,
        answers=0,
        analysis="alarm",
        summary=(
            "Afbetalingsplan met de RSZ en de btw, algemene vergadering over de "
            "alarmbelprocedure, voorbereiding van een gerechtelijke reorganisatie als plan B."
        ),
        items=(
            (
                "payment-plan",
                "Afbetalingsplan aanvragen bij de RSZ en de FOD Financiën",
                "coach",
                7,
            ),
            (
                "judicial-reorganisation",
                "Dossier WCO voorbereiden met de advocaat",
                "entrepreneur",
                30,
            ),
        ),
        sessions=(
            (0, 90, "visit", INTAKE),
            (
                14,
                60,
                "office",
                "Analyse besproken: eigen vermogen onder de helft van het kapitaal.",
            ),
        ),
    ),
    Spec(
        days_ago=100,
        status=Status.COACHING,
        caller=4,
        answers=0,
        analysis="abbreviated",
        summary="Kasplan op 13 weken, kosten omlaag, herfinanciering van de investeringslening.",
        items=(
            ("liquidity-plan", "Kasplan op 13 weken bijhouden", "entrepreneur", None),
            ("cost-reduction", "Energiecontract en huur heronderhandelen", "entrepreneur", 14),
            ("financing", "Gesprek met de bank over uitstel van kapitaalaflossingen", "coach", -5),
        ),
        sessions=((0, 90, "visit", INTAKE), (12, 60, "office", "Analyse en plan besproken.")),
        coaching_sessions=(
            (50, 45, "phone", "Kasplan loopt; de bank geeft drie maanden uitstel."),
        ),
    ),
    Spec(
        days_ago=125,
        status=Status.CLOSED,
        caller=1,
        answers=3,
        outcome=Outcome.RECOVERED,
        conclusion=(
            "De kredietlijn is verlengd en de leveranciers worden op tijd betaald. De zaak draait "
            "weer; opvolging over zes maanden."
        ),
        summary="Kredietlijn verlengen, leveranciers gespreid betalen.",
        items=(("financing", "Verlenging van de kredietlijn bij de bank", "coach", None),),
        sessions=((0, 60, "visit", INTAKE), (20, 60, "office", "Voorstel aan de bank voorbereid.")),
        coaching_sessions=(
            (50, 30, "phone", "De bank verlengt de kredietlijn met een jaar."),
            (95, 30, "phone", "Leveranciers zijn bijbetaald."),
        ),
    ),
    Spec(
        days_ago=140,
        status=Status.CLOSED,
        caller=3,
        answers=0,
        analysis="new",
        outcome=Outcome.RESTRUCTURED,
        conclusion=(
            "Afbetalingsplan met de RSZ over 24 maanden, de keuken wordt twee dagen per week "
            "gesloten en twee personeelsleden werken deeltijds. Haalbaar volgens het kasplan."
        ),
        summary="Afbetalingsplan RSZ, openingsuren en personeelsinzet herbekijken.",
        items=(
            ("payment-plan", "Afbetalingsplan met de RSZ over 24 maanden", "coach", None),
            ("cost-reduction", "Openingsuren en roosters aanpassen", "entrepreneur", None),
        ),
        sessions=((0, 90, "visit", INTAKE), (15, 60, "office", "Cijfers en kasplan besproken.")),
        coaching_sessions=((46, 45, "phone", "Afbetalingsplan aanvaard door de RSZ."),),
    ),
    Spec(
        days_ago=45,
        status=Status.CLOSED,
        caller=2,
        answers=3,
        dyzo=True,
        outcome=Outcome.REFERRED_DYZO,
        conclusion=(
            "De ondernemer heeft langdurige, ook persoonlijke begeleiding nodig: met zijn "
            "toestemming doorverwezen naar Dyzo."
        ),
        sessions=(
            (0, 60, "visit", INTAKE),
            (14, 45, "phone", "De ondernemer wil stoppen en zoekt steun voor daarna."),
        ),
    ),
)


def _organisations(chapter: Chapter, rng: random.Random, count: int) -> list[Organisation]:
    """Firms of 5 or more employees that nobody referred yet (deterministic for a seed)."""
    referred = Referral.objects.filter(organisation=OuterRef("pk"))
    found = list(
        Organisation.objects.filter(
            chapter=chapter, merged_into__isnull=True, do_not_call=False, employees__gte=5
        )
        .exclude(Exists(referred))
        .exclude(financial_analyses__isnull=False)
        .order_by("enterprise_number")[:200]
    )
    rng.shuffle(found)
    return found[:count]


def _demo_analyses(chapter: Chapter) -> dict[str, FinancialAnalysis]:
    """The analyses demo's three analyses by kind (those that exist)."""
    found: dict[str, FinancialAnalysis] = {}
    for analysis in FinancialAnalysis.objects.filter(chapter=chapter).order_by("pk"):
        if analysis.schema == Schema.MICRO:
            found.setdefault("micro", analysis)
        elif analysis.legal_form.upper() == "NV":
            found.setdefault("alarm", analysis)
        else:
            found.setdefault("abbreviated", analysis)
    return found


def _refer(
    *,
    caller: User,
    coordinator: User,
    coach: User,
    coaching: Service,
    organisation: Organisation,
    answers: int,
    called_on: dt.date,
    version: ScriptVersion,
) -> Referral:
    """The call, the consent read to the entrepreneur, the referral, sent and accepted."""
    held_at = dt.datetime.combine(called_on, dt.time(10, 30), tzinfo=BRUSSELS)
    person = organisation.persons.order_by("-is_primary", "pk").first()
    conversation = record_conversation(
        actor=caller,
        organisation=organisation,
        script_version=version,
        raw_answers=dict(ANSWER_SETS[answers]),
        person=person,
        held_at=held_at,
    )
    text = referral_actions.text_for(coaching, person.language if person else "nl")
    assert text is not None
    consent = referral_actions.record_consent(
        actor=caller,
        service=coaching,
        organisation=organisation,
        text=text,
        answer=Consent.Answer.GIVEN,
        method=Consent.Method.PHONE,
        person=person,
        conversation=conversation,
        now=held_at + dt.timedelta(minutes=20),
    )
    referral = referral_actions.create_referral(
        actor=caller,
        service=coaching,
        organisation=organisation,
        consent=consent,
        reason=(
            "Achterstand bij de RSZ en de leveranciers, weinig kas. De ondernemer vraagt zelf om "
            "iemand die mee naar de cijfers kijkt."
        ),
        conversation=conversation,
        person=person,
        notify=False,
        now=held_at + dt.timedelta(minutes=22),
    )
    if referral.status == Referral.Status.PROPOSED:
        referral = referral_actions.send_referral(
            actor=coordinator, referral=referral, notify=False
        )
    return referral_actions.accept_referral(actor=coach, referral=referral)


def _session(coach: User, trajectory: Trajectory, spec: SessionSpec) -> None:
    offset, minutes, mode, notes = spec
    held_on = min(trajectory.started_on + dt.timedelta(days=offset), timezone.localdate())
    actions.log_session(
        actor=coach, trajectory=trajectory, held_on=held_on, minutes=minutes, mode=mode, notes=notes
    )


def _analysis(
    coach: User, trajectory: Trajectory, spec: Spec, analyses: dict[str, FinancialAnalysis]
) -> None:
    """Link the demo analysis, start a new one from the call, or record why none is needed."""
    if spec.analysis in analyses:
        actions.link_analysis(actor=coach, trajectory=trajectory, analysis=analyses[spec.analysis])
    elif spec.analysis == "new":
        actions.start_analysis(actor=coach, trajectory=trajectory)
    elif spec.status != Status.ANALYSIS and not spec.dyzo:
        actions.waive_analysis(actor=coach, trajectory=trajectory, reason=WAIVED)


def _build(
    spec: Spec,
    *,
    coach: User,
    referral: Referral,
    analyses: dict[str, FinancialAnalysis],
    dyzo: Service | None,
) -> Trajectory:
    today = timezone.localdate()
    trajectory = actions.start_trajectory(
        actor=coach,
        referral=referral,
        started_on=today - dt.timedelta(days=spec.days_ago),
        notify=False,
    )
    for session in spec.sessions:
        _session(coach, trajectory, session)
    if spec.status == Status.INTAKE:
        return trajectory
    trajectory = actions.transition(actor=coach, trajectory=trajectory, to=Status.ANALYSIS)
    _analysis(coach, trajectory, spec, analyses)
    if spec.status == Status.ANALYSIS:
        return trajectory
    if spec.dyzo and dyzo is not None:
        _hand_off(coach, trajectory, dyzo)
        return _close(coach, trajectory, spec)
    trajectory = actions.transition(actor=coach, trajectory=trajectory, to=Status.PLAN)
    for module, description, owner, due_in in spec.items:
        actions.add_plan_item(
            actor=coach,
            trajectory=trajectory,
            module=module,
            description=description,
            owner=owner,
            due_on=today + dt.timedelta(days=due_in) if due_in is not None else None,
        )
    if spec.summary:
        actions.update_trajectory(
            actor=coach, trajectory=trajectory, expected_version=None, plan_summary=spec.summary
        )
    if spec.status == Status.PLAN:
        return trajectory
    trajectory = actions.transition(actor=coach, trajectory=trajectory, to=Status.COACHING)
    for session in spec.coaching_sessions:
        _session(coach, trajectory, session)
    if spec.status == Status.COACHING:
        return trajectory
    for item in trajectory.plan_items.select_related("module"):
        _done(coach, item)
    return _close(coach, trajectory, spec)


def _hand_off(coach: User, trajectory: Trajectory, dyzo: Service) -> None:
    """Refer the firm on to Dyzo with the entrepreneur's consent (the Dyzo consent text)."""
    text = referral_actions.text_for(dyzo, "nl")
    assert text is not None
    actions.hand_off(
        actor=coach,
        trajectory=trajectory,
        service=dyzo,
        text=text,
        answer=Consent.Answer.GIVEN,
        method=Consent.Method.PHONE,
        reason=(
            "Stopt met de zaak en heeft langdurige begeleiding nodig, ook voor de schulden bij "
            "leveranciers."
        ),
        notify=False,
    )


def _close(coach: User, trajectory: Trajectory, spec: Spec) -> Trajectory:
    return actions.close_trajectory(
        actor=coach,
        trajectory=trajectory,
        outcome=spec.outcome,
        conclusion=spec.conclusion,
        notify=False,
    )


def _done(coach: User, item: PlanItem) -> None:
    actions.update_plan_item(
        actor=coach,
        item=item,
        expected_version=item.version,
        module=item.module.key,
        description=item.description,
        owner=item.owner,
        due_on=item.due_on,
        done=True,
    )


def load(*, seed: int) -> dict[str, int]:
    created = {"trajectories": 0}
    chapter = Chapter.objects.filter(slug="mechelen").first()
    if chapter is None or Trajectory.objects.filter(chapter=chapter).exists():
        return created
    coach = User.objects.filter(username="coach.mechelen").first()
    coordinators = demo_users(chapter, Role.COORDINATOR)
    callers = {u.username: u for u in demo_users(chapter, Role.CALLER)}
    coaching = Service.objects.filter(chapter=chapter, kind=Service.Kind.COACHING).first()
    dyzo = Service.objects.filter(
        chapter=chapter, kind=Service.Kind.PARTNER, partner_organisation__slug="dyzo"
    ).first()
    if coach is None or not coordinators or not callers or coaching is None:
        return created  # the accounts, members or referrals demo did not run
    actions.seed_chapter(chapter)
    rng = random.Random(seed)
    analyses = _demo_analyses(chapter)
    fresh = iter(_organisations(chapter, rng, len(PLAN)))
    version = entry_script_version(chapter, coordinators[0])
    today = timezone.localdate()
    for spec in PLAN:
        analysis = analyses.get(spec.analysis)
        organisation = analysis.organisation if analysis is not None else next(fresh, None)
        if organisation is None:
            continue
        caller = callers.get(f"caller{spec.caller}.mechelen") or next(iter(callers.values()))
        referral = _refer(
            caller=caller,
            coordinator=coordinators[0],
            coach=coach,
            coaching=coaching,
            organisation=organisation,
            answers=spec.answers,
            called_on=today - dt.timedelta(days=spec.days_ago + 4),
            version=version,
        )
        _build(spec, coach=coach, referral=referral, analyses=analyses, dyzo=dyzo)
        created["trajectories"] += 1
    return created
