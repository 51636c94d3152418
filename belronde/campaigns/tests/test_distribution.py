"""The pre-assignment optimiser (pure): balanced, affinity-matched, never a conflict."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from belronde.campaigns.distribution import Caller, Org, conflict, distribute, loads, nace_section


def orgs(n, seed=1):
    rng = random.Random(seed)
    return [
        Org(
            key=str(i),
            enterprise_number=f"0{i:09d}",
            nace_code=rng.choice(["56101", "47111", "41201", "62010", "69201"]),
            postal_code=rng.choice(["2800", "2801"]),
            municipality=rng.choice(["Mechelen", "Heffen"]),
        )
        for i in range(n)
    ]


def test_it_balances_loads_within_one():
    result = distribute(orgs(100), [Caller(str(k)) for k in range(7)])
    counts = loads(result)
    assert sum(counts.values()) == 100
    assert max(counts.values()) - min(counts.values()) <= 1


def test_it_prefers_a_caller_who_knows_the_sector_and_says_why():
    horeca = Org("h", "0000000001", "56101", "2800", "Mechelen")
    bakery = Org("b", "0000000002", "10711", "2800", "Mechelen")
    result = {
        m.org: m
        for m in distribute(
            [horeca, bakery],
            [Caller("x", sectors=frozenset({"I"})), Caller("y", sectors=frozenset({"C"}))],
        )
    }
    assert result["h"].caller == "x" and result["h"].reasons == ["sector"]
    assert result["b"].caller == "y"


def test_it_never_gives_a_declared_conflict_even_at_the_cost_of_balance():
    own = Org("own", "0403170701", "47111", "2800", "Mechelen")
    other = Org("other", "0000000002", "47111", "2800", "Mechelen")
    callers = [Caller("a", own_enterprise_number="0403170701"), Caller("b")]
    result = {m.org: m.caller for m in distribute([own, other], callers)}
    assert result["own"] == "b"


def test_competitors_are_excluded_only_when_asked():
    rival = Org("r", "0000000003", "47111", "2800", "Mechelen")
    asked = Caller("a", exclude_competitors=True, own_nace_code="47112", own_postal_code="2800")
    assert conflict(rival, asked) == "competitor"
    assert conflict(rival, Caller("b", own_nace_code="47112", own_postal_code="2800")) is None
    elsewhere = Org("e", "0000000004", "47111", "2801", "Heffen")
    assert conflict(elsewhere, asked) is None


def test_an_organisation_that_conflicts_with_everyone_goes_to_the_pool():
    org = Org("x", "0000000005", "47111", "2800", "Mechelen")
    callers = [Caller("a", conflict_numbers=frozenset({"0000000005"}))]
    [match] = distribute([org], callers)
    assert match.caller is None and match.reasons == ["conflict_all"]


def test_nace_sections():
    assert nace_section("56101") == "I"
    assert nace_section("47") == "G"
    assert nace_section("") == ""


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 80), k=st.integers(1, 9), seed=st.integers(0, 1000))
def test_property_no_conflict_and_balanced(n, k, seed):
    rng = random.Random(seed)
    all_orgs = orgs(n, seed)
    callers = [
        Caller(
            str(j),
            conflict_numbers=frozenset(
                rng.sample([o.enterprise_number for o in all_orgs], min(2, n))
            ),
        )
        for j in range(k)
    ]
    result = distribute(all_orgs, callers)
    by_key = {o.key: o for o in all_orgs}
    by_caller = {c.key: c for c in callers}
    assert len(result) == n
    for match in result:
        if match.caller is not None:
            assert conflict(by_key[match.org], by_caller[match.caller]) is None
    counts = loads(result)
    assert max(counts.values(), default=0) <= -(-n // k)
