"""``reference.nace_label``: the one NACE-BEL label (the member pages and the call screen)."""

from belronde.members.models import Organisation
from belronde.members.reference import nace_label


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
