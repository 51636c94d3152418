"""The theme tagger (pure): keyword syntax, phrases, gaps, compounds, hyphens."""

import pytest

from belronde.themes.defaults import DEFAULT_THEMES
from belronde.themes.tagger import (
    KeywordError,
    Tagger,
    ThemeSpec,
    check_keywords,
    compile_keyword,
    normalise,
    words,
)


def tag(text, **themes):
    return Tagger(ThemeSpec(slug, tuple(kw)) for slug, kw in themes.items()).slugs(text)


def test_it_ignores_case_and_accents():
    assert normalise("Één Café") == "een cafe"
    assert words("Ik lig 's nachts wakker!") == ["ik", "lig", "s", "nachts", "wakker"]


def test_a_plain_keyword_is_a_whole_word():
    assert tag("De huur loopt door", rent=["huur"]) == ["rent"]
    assert tag("De huurder betaalt", rent=["huur"]) == []


def test_stars_match_prefixes_suffixes_and_infixes():
    assert tag("huurachterstand", rent=["huur*"]) == ["rent"]
    assert tag("de winkelhuur", rent=["*huur"]) == ["rent"]
    assert tag("een huurachterstandje", rent=["*achterstand*"]) == ["rent"]


def test_phrases_match_word_after_word():
    assert tag("de vaste kosten lopen", rent=["vaste kosten"]) == ["rent"]
    assert tag("kosten zijn vast", rent=["vaste kosten"]) == []


def test_a_gap_allows_up_to_three_words():
    keyword = ["niet ... betalen"]
    assert tag("we kunnen de lonen niet meer betalen", liq=keyword) == ["liq"]
    assert tag("niet betalen", liq=keyword) == ["liq"]
    assert tag("niet een twee drie vier betalen", liq=keyword) == []


def test_a_phrase_never_spans_two_answers():
    tagger = Tagger([ThemeSpec("liq", ("niet ... betalen",))])
    assert tagger.slugs("het lukt niet", "betalen doen we cash") == []
    assert tagger.slugs("het lukt niet betalen") == ["liq"]


def test_hyphens_separate_words_in_texts_and_keywords():
    assert tag("De RSZ-bijdragen staan open", arrears=["rsz"]) == ["arrears"]
    assert tag("een burn-out", well=["burn-out"]) == ["well"]


def test_it_reports_the_keywords_heard():
    tagger = Tagger([ThemeSpec("arrears", ("rsz", "btw", "fiscus"))])
    [suggestion] = tagger.suggest("Achterstand bij de RSZ en de btw")
    assert suggestion.matched == ("rsz", "btw")
    assert suggestion.heard == ("rsz", "btw")


def test_it_reports_the_words_heard_not_the_patterns():
    tagger = Tagger([ThemeSpec("turnover", ("omzet*", "*omzet", "geen ... klanten"))])
    [suggestion] = tagger.suggest(
        "De omzetdaling is groot, de jaaromzet halveert.", "Geen vaste klanten"
    )
    assert suggestion.matched == ("omzet*", "*omzet", "geen ... klanten")
    assert suggestion.heard == ("omzetdaling", "jaaromzet", "geen vaste klanten")


def test_a_word_heard_by_two_keywords_is_said_once():
    [suggestion] = Tagger([ThemeSpec("t", ("omzet*", "*omzet"))]).suggest("de omzet zakt")
    assert suggestion.heard == ("omzet",)


def test_bad_keywords_are_refused_with_a_reason():
    with pytest.raises(KeywordError):
        compile_keyword("... betalen")
    with pytest.raises(KeywordError):
        compile_keyword("niet ...")
    with pytest.raises(KeywordError):
        compile_keyword("ab*")
    with pytest.raises(KeywordError):
        compile_keyword("geld€")
    assert check_keywords(["  huur  ", "", "Huur", "vaste   kosten"]) == ["huur", "vaste kosten"]


def test_a_bad_keyword_in_a_list_does_not_stop_tagging():
    assert tag("de huur", rent=["ab*", "huur"]) == ["rent"]


def test_the_default_themes_compile_and_cover_the_eleven_themes():
    assert [t.slug for t in DEFAULT_THEMES] == [
        "liquidity",
        "turnover",
        "staff",
        "rent_fixed_costs",
        "suppliers_stock",
        "rules_measures",
        "tax_social_arrears",
        "financing_banks",
        "digitalisation",
        "wellbeing",
        "succession_stopping",
    ]
    for theme in DEFAULT_THEMES:
        assert check_keywords(theme.keywords) == list(theme.keywords), theme.slug
        assert theme.label_nl and theme.label_en
