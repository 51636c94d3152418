"""Demo referrals: per chapter the federation's coaching and Dyzo as services (HSDS fields) with
consent texts in Dutch, French and English; in Mechelen referrals in every status, one whose
consent was withdrawn and one refusal. Idempotent."""

from __future__ import annotations

from belronde.accounts.models import Chapter, Membership, PartnerOrganisation
from belronde.conversations.demo import demo_users, ensure_conversations
from belronde.referrals import actions, sharing
from belronde.referrals.models import Consent, Referral, Service

Role = Membership.Role

COACHING_TEXTS = {
    "nl": (
        "Met uw toestemming geven wij uw naam, de naam en het ondernemingsnummer van uw zaak, "
        "uw contactgegevens en wat u ons vandaag vertelde door aan de ondernemersbegeleiders van "
        "de federatie in {chapter}. Zij nemen contact met u op voor een gratis kennismaking en, "
        "als u dat wilt, een financiële analyse en een traject op maat (eigen bijdrage maximaal "
        "200 euro). Uw gegevens worden alleen daarvoor gebruikt en twee jaar na het einde van de "
        "begeleiding gewist. U kunt uw toestemming op elk moment intrekken door ons te bellen of "
        "te mailen. Gaat u akkoord?"
    ),
    "fr": (
        "Avec votre accord, nous transmettons votre nom, le nom et le numéro d'entreprise de "
        "votre société, vos coordonnées et ce que vous nous avez dit aujourd'hui aux "
        "accompagnateurs d'entreprises de la fédération à {chapter}. Ils vous contacteront pour "
        "un premier entretien gratuit et, si vous le souhaitez, une analyse financière et un "
        "accompagnement sur mesure (contribution propre de 200 euros maximum). Vos données ne "
        "servent qu'à cela et sont effacées deux ans après la fin de l'accompagnement. Vous "
        "pouvez retirer votre accord à tout moment par téléphone ou par e-mail. Êtes-vous "
        "d'accord ?"
    ),
    "en": (
        "With your consent we pass your name, your business's name and enterprise number, your "
        "contact details and what you told us today to the federation's business coaches in "
        "{chapter}. They will contact you for a free first meeting and, if you wish, a financial "
        "analysis and a tailored trajectory (your contribution is at most 200 euros). Your data "
        "is used only for this and erased two years after the coaching ends. You can withdraw "
        "your consent at any time by phone or e-mail. Do you agree?"
    ),
}
DYZO_TEXTS = {
    "nl": (
        "Dyzo vzw is een onafhankelijke organisatie die ondernemers in moeilijkheden gratis en "
        "discreet begeleidt, ook op langere termijn. Met uw toestemming geven wij aan Dyzo door: "
        "uw naam en contactgegevens, de naam, de rechtsvorm, de activiteit en het "
        "ondernemingsnummer van uw zaak, een korte samenvatting van uw situatie en de "
        "achterstallen die u noemde. Dyzo beslist zelf over de verdere verwerking. Wij geven "
        "niets anders door. U kunt uw toestemming op elk moment intrekken; Dyzo ziet de "
        "doorverwijzing dan niet meer. Gaat u akkoord?"
    ),
    "fr": (
        "Dyzo asbl est une organisation indépendante qui accompagne gratuitement et discrètement "
        "les entrepreneurs en difficulté, aussi à long terme. Avec votre accord, nous "
        "transmettons à Dyzo : votre nom et vos coordonnées, le nom, la forme juridique, "
        "l'activité et le numéro d'entreprise de votre société, un bref résumé de votre situation "
        "et les arriérés que vous avez mentionnés. Dyzo décide lui-même du traitement ultérieur. "
        "Nous ne transmettons rien d'autre. Vous pouvez retirer votre accord à tout moment ; "
        "Dyzo ne verra alors plus le renvoi. Êtes-vous d'accord ?"
    ),
    "en": (
        "Dyzo is an independent non-profit that supports entrepreneurs in difficulty free of "
        "charge and discreetly, also in the long term. With your consent we pass to Dyzo: your "
        "name and contact details, your business's name, legal form, activity and enterprise "
        "number, a short summary of your situation and the arrears you mentioned. Dyzo decides "
        "itself how it processes them further. We pass nothing else. You can withdraw your "
        "consent at any time; Dyzo will then no longer see the referral. Do you agree?"
    ),
}


def ensure_services(chapter: Chapter) -> dict[str, int]:
    """The federation's coaching and Dyzo in the chapter, each with consent texts (nl, fr, en)."""
    created = {"services": 0, "consent texts": 0}
    dyzo, _new = PartnerOrganisation.objects.get_or_create(
        slug="dyzo", defaults={"name": "Dyzo", "website": "https://www.dyzo.be"}
    )
    coaching = Service.objects.filter(chapter=chapter, kind=Service.Kind.COACHING).first()
    if coaching is None:
        coaching = actions.create_service(
            actor=None,
            chapter=chapter,
            kind=Service.Kind.COACHING,
            name="Ondernemersbegeleiding",
            alternate_name="Traject op maat",
            organisation_name=f"Federatie, afdeling {chapter.name}",
            description=(
                "Een ondernemersbegeleider van de federatie bekijkt samen met u de situatie. Na "
                "een grondige financiële analyse krijgt u een traject op maat: een plan, "
                "opvolgingsgesprekken en hulp bij de contacten met bank, boekhouder en overheid."
            ),
            eligibility_description=(
                f"Leden in {chapter.name} met moeilijkheden door de crisis, bij voorkeur vanaf "
                "5 werknemers."
            ),
            application_process="Via de beller na het gesprek; daarna een intakegesprek.",
            fees_description=(
                "De stad betaalt 350 euro per traject; uw eigen bijdrage is hoogstens 200 euro."
            ),
            service_area=chapter.name,
            languages=["nl", "fr", "en"],
            contact_name="Ondernemerslijn",
            contact_phone="0800 20 750",
            shared_fields=list(sharing.COACHING_DEFAULT),
            requires_review=True,
        )
        created["services"] += 1
    partner = Service.objects.filter(
        chapter=chapter, kind=Service.Kind.PARTNER, partner_organisation=dyzo
    ).first()
    if partner is None:
        partner = actions.create_service(
            actor=None,
            chapter=chapter,
            kind=Service.Kind.PARTNER,
            partner_organisation=dyzo,
            name="Dyzo: begeleiding van ondernemers in moeilijkheden",
            alternate_name="Dyzo",
            organisation_name="Dyzo vzw",
            description=(
                "Gratis, discrete en langdurige ondersteuning voor zelfstandigen en "
                "ondernemers in (dreigende) moeilijkheden, ook na een faillissement."
            ),
            url="https://www.dyzo.be",
            eligibility_description="Zelfstandigen en kmo's in Vlaanderen en Brussel.",
            application_process="Doorverwijzing met toestemming; Dyzo neemt zelf contact op.",
            fees_description="Gratis.",
            service_area="Vlaanderen en Brussel",
            languages=["nl", "fr"],
            shared_fields=list(sharing.PARTNER_DEFAULT),
        )
        created["services"] += 1
    for service, texts in ((coaching, COACHING_TEXTS), (partner, DYZO_TEXTS)):
        for language, text in texts.items():
            if actions.current_text(service, language) is None:
                actions.add_consent_text(
                    actor=None,
                    service=service,
                    language=language,
                    text=text.format(chapter=chapter.name),
                )
                created["consent texts"] += 1
    return created


def load(*, seed: int) -> dict[str, int]:
    created = {"services": 0, "consent texts": 0, "consents": 0, "referrals": 0}
    for chapter in Chapter.objects.order_by("pk"):
        for key, value in ensure_services(chapter).items():
            created[key] += value
    mechelen = Chapter.objects.filter(slug="mechelen").first()
    if mechelen is None or Referral.objects.filter(chapter=mechelen).exists():
        return created
    coordinators = demo_users(mechelen, Role.COORDINATOR)
    coaches = demo_users(mechelen, Role.COACH) or coordinators
    partners = demo_users(mechelen, Role.PARTNER)
    if not coordinators or not partners:
        return created
    coordinator, coach, partner_user = coordinators[0], coaches[0], partners[0]
    conversations = [
        c for c in ensure_conversations(mechelen, count=12, seed=seed) if c.health != "green"
    ]
    if not conversations:
        return created
    coaching = Service.objects.get(chapter=mechelen, kind=Service.Kind.COACHING)
    dyzo = Service.objects.filter(chapter=mechelen, kind=Service.Kind.PARTNER).first()
    assert dyzo is not None
    plan = [
        (coaching, "proposed"),
        (dyzo, "sent"),
        (dyzo, "accepted"),
        (coaching, "declined"),
        (dyzo, "closed"),
        (coaching, "closed"),
        (dyzo, "withdrawn"),
        (dyzo, "refused"),
    ]
    for index, (service, target) in enumerate(plan):
        conversation = conversations[index % len(conversations)]
        actor = conversation.recorded_by
        text = actions.text_for(
            service, conversation.person.language if conversation.person else "nl"
        )
        assert text is not None
        consent, referral = actions.refer_with_consent(
            actor=actor,
            conversation=conversation,
            service=service,
            text=text,
            answer=Consent.Answer.REFUSED if target == "refused" else Consent.Answer.GIVEN,
            method=Consent.Method.PHONE,
            reason=(
                "Achterstand bij RSZ en btw, kas voor minder dan drie maanden. De ondernemer "
                "vraagt zelf om hulp."
            ),
            urgency=Referral.Urgency.HIGH if index % 3 == 0 else Referral.Urgency.NORMAL,
            notify=False,
        )
        created["consents"] += 1
        if referral is None:
            continue
        created["referrals"] += 1
        handler = partner_user if service.is_partner else coach
        if target in {"sent", "accepted", "declined", "closed"} and referral.status == "proposed":
            referral = actions.send_referral(actor=coordinator, referral=referral, notify=False)
        if target in {"accepted", "closed"}:
            referral = actions.accept_referral(actor=handler, referral=referral)
        if target == "declined":
            actions.decline_referral(
                actor=handler,
                referral=referral,
                reason="Valt buiten het programma: minder dan 5 werknemers.",
                notify=False,
            )
        if target == "closed":
            actions.close_referral(
                actor=handler,
                referral=referral,
                outcome=Referral.Outcome.HELPED,
                feedback=(
                    "Contact gelegd, een afbetalingsplan met de RSZ loopt. Uw contact werd "
                    "geholpen."
                ),
                notify=False,
            )
        if target == "withdrawn":
            actions.withdraw_consent(
                actor=coordinator, consent=consent, method=Consent.Method.PHONE
            )
    return created
