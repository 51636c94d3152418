"""Demo knowledge base: themes for every chapter; in Mechelen a dozen questions (some grouped,
answered and published in the FAQ) and best practices in every review state. Idempotent."""

from __future__ import annotations

from belronde.accounts.models import Chapter, Membership, User
from belronde.conversations.demo import demo_users, ensure_conversations
from belronde.knowledge import actions
from belronde.knowledge.models import Question
from belronde.themes.actions import ensure_themes
from belronde.themes.models import Theme

Role = Membership.Role

#: (question, theme, answer or None, published, grouped under the question at this index)
QUESTIONS: list[tuple[str, str, str | None, bool, int | None]] = [
    (
        "Hoe vraag ik de hinderpremie aan en tot wanneer kan dat?",
        "rules_measures",
        "De hinderpremie vraagt u aan via het e-loket van VLAIO met uw itsme of eID. Houd uw "
        "ondernemingsnummer en het rekeningnummer van de zaak bij de hand. De aanvraag moet "
        "binnen de termijn van de betrokken sluitingsperiode gebeuren; kijk de actuele datum "
        "na op vlaio.be. Lukt het niet, bel dan de ondernemerslijn.",
        True,
        None,
    ),
    (
        "Kan ik nog een hinderpremie aanvragen als mijn zaak maar half dicht was?",
        "rules_measures",
        None,
        False,
        0,
    ),
    (
        "Kan ik uitstel krijgen voor de betaling van de btw?",
        "tax_social_arrears",
        "Ja. U kunt bij de FOD Financiën een afbetalingsplan vragen voor btw en "
        "bedrijfsvoorheffing. Doe dat vóór de vervaldag en leg uit waarom (omzetverlies door de "
        "crisis). Uw boekhouder kan de aanvraag voor u indienen.",
        True,
        None,
    ),
    (
        "Is er uitstel van betaling mogelijk voor de btw van dit kwartaal?",
        "tax_social_arrears",
        None,
        False,
        2,
    ),
    (
        "Hoe zet ik een deel van mijn personeel op tijdelijke werkloosheid wegens overmacht?",
        "staff",
        "U doet een elektronische aangifte bij de RVA (aangifte sociaal risico) en geeft de "
        "dagen van werkloosheid door. Uw sociaal secretariaat helpt daarbij. Informeer uw "
        "werknemers schriftelijk.",
        True,
        None,
    ),
    (
        "Mag mijn verhuurder de huur verhogen als ik al een achterstand heb?",
        "rent_fixed_costs",
        "Een huurverhoging tijdens een lopende handelshuur kan alleen volgens de regels van de "
        "handelshuurwet (herziening om de drie jaar, via de vrederechter). Een achterstand geeft "
        "de verhuurder daar geen extra recht op. Maak afspraken over een afbetaling schriftelijk.",
        False,
        None,
    ),
    (
        "Welke banken geven nog een overbruggingskrediet met waarborg van de overheid?",
        "financing_banks",
        "De waarborgregeling loopt via alle grote banken. Vraag uw eigen bankier eerst; bij een "
        "weigering kunt u bij de kredietbemiddelaar van de overheid terecht. Breng een recent "
        "financieel plan mee.",
        False,
        None,
    ),
    (
        "Hoe begin ik een eenvoudige webshop zonder veel kosten?",
        "digitalisation",
        None,
        False,
        None,
    ),
    (
        "Waar kan ik terecht als ik het mentaal niet meer zie zitten?",
        "wellbeing",
        None,
        False,
        None,
    ),
    (
        "Wat kost het om mijn zaak over te laten aan een overnemer?",
        "succession_stopping",
        None,
        False,
        None,
    ),
    (
        "Kan een leverancier vooruitbetaling eisen voor elke bestelling?",
        "suppliers_stock",
        None,
        False,
        None,
    ),
    (
        "Tot wanneer loopt het overbruggingsrecht voor zelfstandigen?",
        "rules_measures",
        None,
        False,
        None,
    ),
]

#: (title, text, theme, sharing, outcome: "published" | "submitted" | "rejected")
PRACTICES: list[tuple[str, str, str, str, str]] = [
    (
        "Afhaalmenu met vaste ophaalmomenten",
        "Door drie vaste ophaalmomenten per avond te werken, kon de keuken met twee mensen "
        "draaien en was er geen wachtrij aan de deur. Bestellingen komen via een eenvoudig "
        "formulier op de website binnen.",
        "turnover",
        "named",
        "published",
    ),
    (
        "Afbetalingsplan vroeg aanvragen",
        "De zaakvoerder vroeg het afbetalingsplan voor de btw aan vóór de vervaldag, met een "
        "korte uitleg van het omzetverlies. Het werd binnen twee weken toegestaan, zonder boetes.",
        "tax_social_arrears",
        "anonymous",
        "published",
    ),
    (
        "Samen inkopen met collega-winkeliers",
        "Vijf winkels in dezelfde straat kopen verpakkingsmateriaal samen in. Ze halen zo een "
        "betere prijs en kortere levertijden bij de groothandel.",
        "suppliers_stock",
        "anonymous",
        "published",
    ),
    (
        "Wekelijks kasplan op één blad",
        "Elke maandag zet de ondernemer de verwachte inkomsten en uitgaven van de komende acht "
        "weken op één blad. Zo zag ze een tekort drie weken vooraf en kon ze tijdig met de bank "
        "praten.",
        "liquidity",
        "named",
        "submitted",
    ),
    (
        "Personeel zelf laten kiezen wie tijdelijk werkloos is",
        "Het team verdeelde zelf de dagen tijdelijke werkloosheid; niemand viel volledig weg.",
        "staff",
        "internal",
        "rejected",
    ),
]


def _chapter(slug: str) -> Chapter | None:
    return Chapter.objects.filter(slug=slug).first()


def load(*, seed: int) -> dict[str, int]:
    created = {"themes": 0, "questions": 0, "answers": 0, "best practices": 0}
    for chapter in Chapter.objects.order_by("pk"):
        created["themes"] += ensure_themes(chapter)
    mechelen = _chapter("mechelen")
    if mechelen is None or Question.objects.filter(chapter=mechelen).exists():
        return created
    coordinators = demo_users(mechelen, Role.COORDINATOR)
    callers = demo_users(mechelen, Role.CALLER)
    if not coordinators or not callers:
        return created
    coordinator = coordinators[0]
    conversations = ensure_conversations(mechelen, count=12, seed=seed)
    themes = {t.slug: t for t in Theme.objects.filter(chapter=mechelen)}
    questions: list[Question] = []
    for index, (text, theme, _answer, _published, _under) in enumerate(QUESTIONS):
        conversation = conversations[index % len(conversations)] if conversations else None
        raiser: User = callers[index % len(callers)]
        if conversation is not None:
            raiser = conversation.recorded_by
        questions.append(
            actions.raise_question(
                actor=raiser,
                chapter=mechelen,
                text=text,
                theme=themes.get(theme),
                conversation=conversation,
            )
        )
        created["questions"] += 1
    for question, (_t, _theme, _answer, _published, under) in zip(
        questions, QUESTIONS, strict=True
    ):
        if under is not None:
            actions.group_question(actor=coordinator, question=question, under=questions[under])
    for question, (_t, _theme, answer, published, _under) in zip(questions, QUESTIONS, strict=True):
        if answer:
            actions.answer_question(
                actor=coordinator,
                question=question,
                title=question.text,
                text=answer,
                notify=False,
            )
            created["answers"] += 1
            if published:
                actions.publish_answer(actor=coordinator, question=question)
    for index, (title, text, theme, sharing, outcome) in enumerate(PRACTICES):
        conversation = conversations[-1 - index] if len(conversations) > index else None
        practice = actions.submit_best_practice(
            actor=callers[index % len(callers)],
            chapter=mechelen,
            title=title,
            text=text,
            sharing=sharing if conversation or sharing != "named" else "anonymous",
            theme=themes.get(theme),
            conversation=conversation,
        )
        created["best practices"] += 1
        if outcome == "published":
            actions.review_best_practice(actor=coordinator, practice=practice, publish=True)
        elif outcome == "rejected":
            actions.review_best_practice(
                actor=coordinator,
                practice=practice,
                publish=False,
                note="Geen toestemming om te delen.",
            )
    return created
