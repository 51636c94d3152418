"""Dutch example answers for measuring the theme tagger, with the themes a person would give them.

Written as callers note what entrepreneurs say (horeca, retail, construction, services, care,
transport...). The expected themes were decided per answer before the keyword list was written.
``DEVELOPMENT`` is the set the default keywords were tuned on; ``HELD_OUT`` was written at the same
time but kept aside and only scored afterwards, so its numbers say how the tagger does on answers
it was not tuned for.
"""

from __future__ import annotations

LIQ = "liquidity"
TURN = "turnover"
STAFF = "staff"
RENT = "rent_fixed_costs"
SUPP = "suppliers_stock"
RULES = "rules_measures"
ARREARS = "tax_social_arrears"
BANK = "financing_banks"
DIGI = "digitalisation"
WELL = "wellbeing"
STOP = "succession_stopping"

Case = tuple[str, frozenset[str]]


def _case(text: str, *themes: str) -> Case:
    return text, frozenset(themes)


DEVELOPMENT: list[Case] = [
    _case(
        "We draaien ongeveer de helft van de omzet van vorig jaar. Het terras mag open maar binnen "
        "mogen we maar een paar tafels zetten door de maatregelen.",
        TURN,
        RULES,
    ),
    _case(
        "De kassa is bijna leeg, als het zo doorgaat kunnen we binnen twee maanden de lonen niet "
        "meer betalen.",
        LIQ,
    ),
    _case(
        "Drie van mijn vijf mensen staan op tijdelijke werkloosheid, de anderen doen de afhaal.",
        STAFF,
    ),
    _case(
        "Ik heb een achterstand bij de RSZ en de btw van het laatste kwartaal heb ik ook nog niet "
        "kunnen betalen.",
        ARREARS,
    ),
    _case(
        "De huur van het handelspand loopt gewoon door, de eigenaar wil niet praten over uitstel.",
        RENT,
    ),
    _case(
        "Mijn leverancier van hout levert pas binnen twaalf weken en de prijzen zijn met dertig "
        "procent gestegen.",
        SUPP,
    ),
    _case(
        "We zijn volop bezig met een webshop, dat loopt eigenlijk verrassend goed. Klanten "
        "bestellen "
        "online en halen af aan de deur.",
        DIGI,
    ),
    _case(
        "Eerlijk gezegd slaap ik slecht, ik lig 's nachts wakker van de zorgen. Mijn vrouw zegt "
        "dat "
        "ik moet stoppen met piekeren.",
        WELL,
    ),
    _case(
        "Ik ben 63 en ik had gehoopt de zaak over te laten aan een overnemer, maar die is "
        "afgehaakt. "
        "Misschien stop ik er gewoon mee.",
        STOP,
    ),
    _case("De bank wil de kredietlijn niet verlengen en vraagt extra waarborgen.", BANK),
    _case(
        "Het overbruggingsrecht is aangevraagd maar ik weet niet of ik er recht op heb met mijn "
        "bvba.",
        RULES,
    ),
    _case(
        "Alles loopt goed, we hebben zelfs meer werk dan voor de crisis. Het enige probleem is "
        "personeel vinden.",
        STAFF,
        TURN,
    ),
    _case(
        "Sinds de lockdown komen er nauwelijks nog klanten in de winkel, de straat is dood.",
        TURN,
        RULES,
    ),
    _case(
        "We hebben uitstel van betaling gekregen voor de lening bij de bank tot het einde van het "
        "jaar.",
        BANK,
    ),
    _case(
        "De energiefactuur is verdubbeld en de vaste kosten blijven lopen terwijl de ovens amper "
        "draaien.",
        RENT,
        TURN,
    ),
    _case(
        "Ik heb geen idee hoe ik die coronapremie moet aanvragen, dat formulier is een doolhof.",
        RULES,
    ),
    _case(
        "We hebben de voorraad zomerkleding nog volledig liggen, die krijgen we nooit meer "
        "verkocht.",
        SUPP,
        TURN,
    ),
    _case(
        "Mijn boekhouder zegt dat we de aangifte van de bedrijfsvoorheffing moeten uitstellen, "
        "maar "
        "dan bouwen we een schuld op bij de fiscus.",
        ARREARS,
    ),
    _case(
        "Ik werk zeven dagen op zeven en ik ben op. Ik zie mijn kinderen bijna niet meer.",
        WELL,
    ),
    _case(
        "We denken erover om de zaak te verkopen, er is een kandidaat-overnemer uit Antwerpen.",
        STOP,
    ),
    _case("Het gaat goed, de zaak draait, geen grote zorgen."),
    _case(
        "Onze klanten betalen steeds later, sommige facturen staan al drie maanden open.",
        LIQ,
    ),
    _case(
        "We hebben een starterslening bij PMV aangevraagd om de verbouwing te financieren.",
        BANK,
    ),
    _case(
        "De catering voor bedrijfsfeesten is volledig weggevallen, alle evenementen zijn afgelast.",
        TURN,
    ),
    _case(
        "Ik wil graag hulp bij het opzetten van sociale media, we zijn daar echt niet mee mee.",
        DIGI,
    ),
    _case(
        "Het kapsalon moest zes weken dicht, nu mogen we weer open maar met afspraak en "
        "mondmasker.",
        RULES,
    ),
    _case(
        "De betalingstermijn bij onze groothandel is ingekort naar veertien dagen, dat weegt zwaar "
        "op onze cash.",
        SUPP,
        LIQ,
    ),
    _case(
        "Twee van mijn arbeiders zijn ziek thuis en ik vind geen vervangers op de werf.",
        STAFF,
    ),
    _case("We hebben een afbetalingsplan met de RSZ afgesproken, dat lukt net.", ARREARS),
    _case(
        "Ik twijfel of ik nog verder moet. Misschien is het beter om de boeken neer te leggen voor "
        "het te laat is.",
        STOP,
    ),
    _case("Omzet is met twintig procent gezakt, maar we houden het hoofd boven water.", TURN),
    _case(
        "De verhuurder heeft ons drie maanden huur kwijtgescholden, dat was een grote opluchting.",
        RENT,
    ),
    _case(
        "Het bestelplatform neemt dertig procent commissie, dat is niet houdbaar voor een kleine "
        "frituur.",
        DIGI,
    ),
    _case(
        "We zitten met een lening waarvan de aflossing in september herbegint en ik weet niet hoe "
        "we "
        "dat gaan doen.",
        BANK,
    ),
    _case(
        "Ik kan me niet meer concentreren, ik ben constant moe en prikkelbaar tegen het personeel.",
        WELL,
    ),
    _case(
        "De grondstoffen zijn bijna niet te krijgen, staal en isolatiemateriaal hebben maanden "
        "levertijd.",
        SUPP,
    ),
    _case(
        "Door de avondklok is het 's avonds helemaal stil, onze omzet na acht uur is weg.",
        RULES,
        TURN,
    ),
    _case(
        "Ons personeel is bang om besmet te raken, er is veel stress op de werkvloer.",
        STAFF,
    ),
    _case(
        "Voor de eerste keer in twintig jaar heb ik de btw niet op tijd kunnen storten.",
        ARREARS,
    ),
    _case("We hebben de waarborgregeling van de overheid gebruikt voor een nieuw krediet.", BANK),
    _case(
        "Mijn dochter wil de zaak niet overnemen, dus ik zoek een koper tegen dat ik met pensioen "
        "ga.",
        STOP,
    ),
    _case(
        "Online verkopen we nu meer dan in de winkel, maar de website is traag en verouderd.",
        DIGI,
    ),
    _case("Wat nog werkt is de vaste klantenkring, die blijft trouw.", TURN),
    _case("Ik heb al maanden geen loon meer uitgekeerd aan mezelf.", LIQ),
    _case(
        "De reisbranche ligt stil, we hebben sinds maart geen enkele boeking meer gehad.",
        TURN,
    ),
    _case(
        "Er is onduidelijkheid over welke regels gelden voor ons als fitnesscentrum, elke week "
        "verandert er iets.",
        RULES,
    ),
    _case(
        "Mijn stock bier vervalt eind deze maand, de brouwerij neemt het niet terug.",
        SUPP,
    ),
    _case(
        "We hebben het contract van twee interims niet verlengd en één vaste werknemer moeten "
        "ontslaan.",
        STAFF,
    ),
    _case(
        "Ik heb een aanmaning gekregen van de sociale verzekeringskas voor mijn sociale bijdragen.",
        ARREARS,
    ),
    _case("De bank belt om de week over de overschrijding op de rekening.", BANK, LIQ),
    _case("Graag wat uitleg over de hinderpremie en de compensatiepremie.", RULES),
    _case(
        "Ik voel me er alleen voor staan, niemand begrijpt wat dit met een zelfstandige doet.",
        WELL,
    ),
    _case("Zonder extra cash sluit ik binnen een maand de deuren.", LIQ, STOP),
    _case(
        "De bouwwerven liggen niet stil, we hebben werk genoeg tot volgend jaar.",
        TURN,
    ),
    _case(
        "Kunnen jullie iemand sturen die met ons het kassasysteem en de online reservaties helpt "
        "instellen?",
        DIGI,
    ),
    _case(
        "De opslagkosten voor onze voorraad in het magazijn lopen hoog op.",
        SUPP,
        RENT,
    ),
    _case(
        "Ik heb mijn accountant gevraagd om een gerechtelijke reorganisatie te bekijken.",
        STOP,
    ),
    _case("Het gaat eigenlijk wel, de zomer was goed en de terrassen zaten vol.", TURN),
    _case(
        "Mijn mensen zijn al maanden technisch werkloos en sommigen zoeken ander werk.",
        STAFF,
    ),
    _case(
        "De belastingen vragen nog een aanslag van vorig jaar en dat bedrag heb ik gewoon niet.",
        ARREARS,
        LIQ,
    ),
    _case("We overwegen de tweede vestiging te sluiten om de kosten te drukken.", RENT),
    _case("Onze leveranciers eisen nu vooruitbetaling.", SUPP),
    _case("Ik heb hulp nodig met de aanvraag van de heropstartlening bij de bank.", BANK),
    _case("Nog geen concrete vragen, we zien het wel."),
    _case(
        "De mondmaskerplicht en het beperkte aantal klanten per vierkante meter maken het "
        "moeilijk in "
        "een kleine winkel.",
        RULES,
    ),
    _case(
        "Personeel op kantoor werkt thuis, we hebben laptops en videobellen moeten regelen.",
        DIGI,
        STAFF,
    ),
]

HELD_OUT: list[Case] = [
    _case("De omzet van de bakkerij is stabiel gebleven, mensen kopen lokaal.", TURN),
    _case("We hebben geen geld meer in kas om de leveranciers te betalen.", LIQ, SUPP),
    _case("De RSZ-bijdragen van het tweede kwartaal staan nog open.", ARREARS),
    _case("Ik ben moe en gefrustreerd, soms denk ik aan alles opgeven.", WELL, STOP),
    _case(
        "Onze zaal mag maar vijftig gasten ontvangen, huwelijksfeesten worden verplaatst.",
        RULES,
        TURN,
    ),
    _case(
        "Het leasecontract van de bestelwagens en de huur van het atelier blijven doorlopen.",
        RENT,
    ),
    _case("Mijn bankier wil eerst een financieel plan zien voor hij iets beslist.", BANK),
    _case("De koks staan op tijdelijke werkloosheid sinds de sluiting van de keuken.", STAFF),
    _case("Klanten vragen om digitaal te kunnen betalen en een app om te bestellen.", DIGI),
    _case("Ik zoek een opvolger, want over twee jaar wil ik stoppen.", STOP),
    _case(
        "Door de tekorten aan chips staan onze bestellingen bij de fabrikant maanden achter.",
        SUPP,
    ),
    _case("De fiscus heeft een afbetalingsplan voor de btw geweigerd.", ARREARS),
    _case("We kunnen nog hooguit zes weken verder met wat er op de rekening staat.", LIQ),
    _case("Alles gaat goed, bedankt voor het telefoontje."),
    _case(
        "Het aantal reservaties is gehalveerd sinds de nieuwe regels van de overheid.",
        TURN,
        RULES,
    ),
    _case(
        "De huisbaas dreigt met opzeg van het huurcontract wegens achterstallige huur.",
        RENT,
    ),
    _case(
        "We hebben een nieuw krediet nodig voor een machine, maar de bank vindt ons te riskant.",
        BANK,
    ),
    _case("Het personeel vraagt loonsopslag en ik kan dat niet geven.", STAFF),
    _case("Mijn gezondheid gaat achteruit door de stress van de zaak.", WELL),
    _case("Onze webshop en de sociale media trekken nieuwe klanten aan.", DIGI, TURN),
    _case("De voorraad stoffen is verouderd en we moeten die met verlies verkopen.", SUPP),
    _case(
        "Er ligt een dagvaarding van een leverancier omdat we een factuur niet betaald hebben.",
        SUPP,
        LIQ,
    ),
    _case(
        "De brandweer heeft nieuwe veiligheidsnormen opgelegd voor het restaurant, dat kost ons "
        "een "
        "fortuin.",
        RULES,
    ),
    _case(
        "De vraag naar onze producten is ingestort sinds de export naar Engeland moeilijk werd.",
        TURN,
    ),
]
