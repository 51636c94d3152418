"""``reference.nace_label``: the one NACE-BEL label (the member pages and the call screen)."""

from belronde.members.models import Organisation
from belronde.members.reference import nace_codes, nace_label, nace_sections, tidy_label


def test_it_honours_the_nace_version():
    assert nace_label("01410", "2008", "nl") == "Fokken van melkvee"
    assert nace_label("01410", "2025", "nl") == "Fokken en houden van melkvee"


def test_without_a_version_2008_comes_first_then_2025():
    assert nace_label("01410", "", "nl") == "Fokken van melkvee"
    assert nace_label("01480", None, "nl") == nace_label("01480", "2025", "nl") != ""


def test_it_speaks_the_language_and_is_empty_for_an_unknown_code():
    assert nace_label("01410", "2008", "en") != nace_label("01410", "2008", "nl")
    assert nace_label("01410", "2008", "en-gb") == nace_label("01410", "2008", "en")
    assert nace_label("99999", "2008", "nl") == ""
    assert nace_label("", "2008", "nl") == ""


def test_the_organisation_label_is_the_same():
    org = Organisation(nace_code="01410", nace_version="2025")
    assert org.nace_label == "Fokken en houden van melkvee"


def test_section_labels_lose_their_prefix_and_the_line_breaks_of_the_pdf():
    sections = nace_sections("2008")
    assert sections["I"].label("nl") == "Verschaffen van accommodatie en maaltijden"
    assert (
        sections["Q"].label("nl")
        == "Menselijke gezondheidszorg en maatschappelijke dienstverlening"
    )
    assert "niet-gedifferentieerde productie" in sections["T"].label("nl")
    assert "  " not in sections["T"].label("nl")
    assert sections["E"].label("nl") == (
        "Distributie van water; afval- en afvalwaterbeheer en sanering"
    )


def test_no_label_has_a_broken_word_or_a_double_space():
    for version in ("2008", "2025"):
        for found in [*nace_codes(version).values(), *nace_sections(version).values()]:
            for language in ("nl", "fr", "en"):
                text = found.label(language)
                assert "  " not in text, (version, text)
                for broken in (
                    "maatschap-pelijke",
                    "gediffe-rentieerde",
                    "compu-ters",
                    "huis-houdens",
                ):
                    assert broken not in text.lower(), (version, text)
    assert "exclusief computers en" in nace_label("28230", "2008", "nl")
    assert nace_label("265", "2025", "nl").startswith("Vervaardiging van meet- en controle")


def test_tidy_label_keeps_real_compounds_and_the_case():
    assert tidy_label("niet-gespecialiseerde  groothandel") == "niet-gespecialiseerde groothandel"
    assert tidy_label("MAATSCHAP-PELIJKE DIENSTVERLENING") == "MAATSCHAPPELIJKE DIENSTVERLENING"
