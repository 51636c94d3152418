"""The finance package's input sources ("9901 (not reported)") in the user's language."""

from django.utils import translation

from belronde.analyses.labels import source_text


def test_the_sources_speak_dutch_on_a_dutch_page():
    with translation.override("nl"):
        assert source_text("9901 (not reported)") == "9901 (niet vermeld)"
        assert source_text("14 (blank, counted as 0)") == "14 (leeg, als 0 geteld)"
        assert source_text("20/58 (derived: 21/28 + 29/58)") == "20/58 (afgeleid: 21/28 + 29/58)"
        assert source_text("no code") == "geen code"
        assert source_text("9901") == "9901"


def test_and_english_on_an_english_page():
    with translation.override("en"):
        assert source_text("9901 (not reported)") == "9901 (not reported)"
