"""The triage rules (pure): each rule, its reason, and where to refer."""

from belronde.referrals.triage import Facts, Reason, reasons_from_dicts, suggest


def test_it_suggests_nothing_for_a_healthy_business():
    suggestion = suggest(Facts(health="green", liquidity_horizon="gt12"))
    assert not suggestion.refer
    assert suggestion.target == ""
    assert suggestion.reasons == ()


def test_it_suggests_coaching_for_red_health():
    suggestion = suggest(Facts(health="red"))
    assert suggestion.codes == ["health_red"]
    assert suggestion.target == "coaching"


def test_it_gives_the_short_liquidity_horizon_as_reason():
    for horizon in ("lt1", "1-3"):
        suggestion = suggest(Facts(health="orange", liquidity_horizon=horizon))
        assert suggestion.reasons == (Reason("short_liquidity", (horizon,)),)
    assert not suggest(Facts(health="orange", liquidity_horizon="3-6")).refer


def test_it_names_only_public_arrears():
    suggestion = suggest(Facts(health="orange", arrears=("suppliers", "vat", "rsz", "rent")))
    assert suggestion.reasons == (Reason("public_arrears", ("rsz", "vat")),)
    assert not suggest(Facts(health="orange", arrears=("suppliers", "rent"))).refer
    assert suggest(Facts(health="green", arrears=("withholding",))).codes == ["public_arrears"]


def test_it_follows_the_entrepreneurs_own_request():
    assert suggest(Facts(health="green", asks_for_help=True)).codes == ["asks_for_help"]


def test_it_flags_two_rounds_in_a_row_orange_or_worse():
    assert suggest(Facts(health="orange", previous_health="orange")).reasons == (
        Reason("two_rounds_worrying", ("orange", "orange")),
    )
    assert not suggest(Facts(health="orange", previous_health="green")).refer
    assert not suggest(Facts(health="orange", previous_health="")).refer


def test_it_suggests_long_term_support_when_trouble_is_deep():
    # red twice
    assert suggest(Facts(health="red", previous_health="red")).target == "partner"
    # red, cash for less than a month, and public arrears
    deep = suggest(Facts(health="red", liquidity_horizon="lt1", arrears=("rsz",)))
    assert deep.target == "partner"
    assert deep.codes == ["health_red", "short_liquidity", "public_arrears"]
    # red with 1-3 months of cash is coaching
    assert suggest(Facts(health="red", liquidity_horizon="1-3", arrears=("rsz",))).target == (
        "coaching"
    )


def test_reasons_round_trip_through_json():
    suggestion = suggest(Facts(health="red", arrears=("vat",), asks_for_help=True))
    assert reasons_from_dicts(suggestion.as_dicts()) == list(suggestion.reasons)
