import pytest
from django.utils import translation

from belronde.campaigns import script_items as si


def test_the_default_script_holds_the_four_questions_and_the_structured_items():
    items = si.validate_items(si.DEFAULT_ITEMS)
    labels = [i["label_nl"] for i in items]
    for question in (
        "Hoe gaat het?",
        "Wat werkt nog?",
        "Waar loop je tegen aan?",
        "Wat kunnen wij voor u betekenen?",
    ):
        assert question in labels
    mapped = {i.get("maps_to") for i in items}
    assert {
        "health",
        "turnover_change",
        "liquidity_horizon",
        "temporary_unemployment",
        "arrears",
        "outlook",
    } <= mapped


def test_answers_are_typed_and_every_error_is_reported():
    items = si.validate_items(si.DEFAULT_ITEMS)
    answers, errors = si.clean_answers(
        items, {"health": "purple", "arrears": ["vat", "rsz"], "asks_for_help": "ja"}
    )
    assert [(e.key, e.code) for e in errors] == [("health", "choice")]
    assert answers["arrears"] == ["rsz", "vat"]
    assert answers["asks_for_help"] is True
    _answers, errors = si.clean_answers(items, {})
    assert [(e.key, e.code) for e in errors] == [("health", "required")]


def test_mapped_fields():
    items = si.validate_items(si.DEFAULT_ITEMS)
    answers, _ = si.clean_answers(items, {"health": "red", "liquidity_horizon": "lt1"})
    assert si.mapped_fields(items, answers) == {"health": "red", "liquidity_horizon": "lt1"}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one item"),
        ([{"key": "A", "type": "open", "label_nl": "x"}], "lowercase"),
        (
            [
                {"key": "a", "type": "open", "label_nl": "x"},
                {"key": "a", "type": "open", "label_nl": "y"},
            ],
            "twice",
        ),
        ([{"key": "a", "type": "nope", "label_nl": "x"}], "unknown type"),
        (
            [{"key": "a", "type": "single", "label_nl": "x", "choices": [{"value": "1"}]}],
            "two choices",
        ),
        ([{"key": "a", "type": "open", "label_nl": ""}], "Dutch label"),
        ([{"key": "a", "type": "open", "label_nl": "x", "maps_to": "salary"}], "cannot map"),
        ([{"key": "a", "type": "scale", "label_nl": "x", "min": 5, "max": 1}], "min is above max"),
    ],
)
def test_bad_scripts_are_refused_with_a_reason(items, message):
    with translation.override("en"), pytest.raises(si.ScriptError, match=message):
        si.validate_items(items)


def test_scale_number_date_and_length():
    items = si.validate_items(
        [
            {"key": "s", "type": "scale", "label_nl": "s", "min": 1, "max": 5},
            {"key": "n", "type": "number", "label_nl": "n", "min": 0},
            {"key": "d", "type": "date", "label_nl": "d"},
            {"key": "o", "type": "open", "label_nl": "o"},
        ]
    )
    answers, errors = si.clean_answers(
        items, {"s": "6", "n": "-1", "d": "31/12/2021", "o": "x" * 6000}
    )
    assert sorted(e.code for e in errors) == ["date", "length", "range", "range"]
    answers, errors = si.clean_answers(items, {"s": "3", "n": "12,5", "d": "2021-12-31"})
    assert errors == [] and answers == {"s": 3, "n": "12.5", "d": "2021-12-31"}
