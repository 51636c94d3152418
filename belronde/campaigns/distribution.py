"""Fair pre-assignment of organisations to callers, solved as a min-cost assignment.

Pure Python + SciPy (no Django). Each caller gets a capacity of ceil(n / callers) (so loads
differ by at most one when nothing is excluded); every (organisation, caller) pair costs

    cost = BASE - SECTOR_BONUS * sector match - MUNICIPALITY_BONUS * municipality match
           + SLOT_STEP * (slot number within the caller)

so a caller's later slots cost a little more and, other things equal, loads stay even; pairs
with a declared conflict are forbidden. ``scipy.optimize.linear_sum_assignment`` on
the organisations x caller-slots matrix gives the optimum; each match carries its reasons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from belronde.members.reference import section_for

BASE = 10.0
SECTOR_BONUS = 4.0
MUNICIPALITY_BONUS = 2.0
SLOT_STEP = 0.01  # well below the bonuses: balance breaks ties, affinity wins
FORBIDDEN = 1e9


@dataclass(frozen=True)
class Org:
    key: str
    enterprise_number: str
    nace_code: str
    postal_code: str
    municipality: str


@dataclass(frozen=True)
class Caller:
    key: str
    sectors: frozenset[str] = frozenset()  # NACE section letters ("G") or divisions ("56")
    municipalities: frozenset[str] = frozenset()
    own_enterprise_number: str = ""
    conflict_numbers: frozenset[str] = frozenset()
    exclude_competitors: bool = False
    own_nace_code: str = ""
    own_postal_code: str = ""


@dataclass
class Match:
    org: str
    caller: str | None
    reasons: list[str] = field(default_factory=list)


def nace_section(code: str) -> str:
    """The NACE section letter of a 2-5 digit NACE-BEL 2008 code (A..U), or '' when unknown."""
    return section_for(code)


def conflict(org: Org, caller: Caller) -> str | None:
    """Why ``caller`` must not call ``org``, or None."""
    if caller.own_enterprise_number and org.enterprise_number == caller.own_enterprise_number:
        return "own_firm"
    if org.enterprise_number in caller.conflict_numbers:
        return "declared_conflict"
    if (
        caller.exclude_competitors
        and caller.own_nace_code
        and org.nace_code[:4] == caller.own_nace_code[:4]
        and len(org.nace_code) >= 4
        and org.postal_code == caller.own_postal_code
    ):
        return "competitor"
    return None


def affinity(org: Org, caller: Caller) -> tuple[float, list[str]]:
    bonus, reasons = 0.0, []
    section = nace_section(org.nace_code)
    if (section and section in caller.sectors) or org.nace_code[:2] in caller.sectors:
        bonus += SECTOR_BONUS
        reasons.append("sector")
    if org.municipality and org.municipality in caller.municipalities:
        bonus += MUNICIPALITY_BONUS
        reasons.append("municipality")
    return bonus, reasons


def distribute(orgs: Sequence[Org], callers: Sequence[Caller]) -> list[Match]:
    """Assign every organisation to a caller, balanced, best affinity, never a conflict.

    Organisations that conflict with every caller stay unassigned (caller None, reason
    ``conflict_all``): they go to the pool.
    """
    if not orgs:
        return []
    if not callers:
        return [Match(o.key, None, ["no_callers"]) for o in orgs]
    capacity = math.ceil(len(orgs) / len(callers))
    slots = [c for c in callers for _ in range(capacity)]
    cost = np.full((len(orgs), len(slots)), BASE)
    reasons: dict[tuple[int, int], list[str]] = {}
    for i, org in enumerate(orgs):
        for j, caller in enumerate(callers):
            why = conflict(org, caller)
            cols = slice(j * capacity, (j + 1) * capacity)
            if why:
                cost[i, cols] = FORBIDDEN
                continue
            bonus, because = affinity(org, caller)
            cost[i, cols] = BASE - bonus
            reasons[(i, j)] = because
    cost += np.tile(np.arange(capacity) * SLOT_STEP, len(callers))
    rows, cols = linear_sum_assignment(cost)
    result: list[Match] = []
    for i, col in zip(rows, cols, strict=True):
        j = col // capacity
        if cost[i, col] >= FORBIDDEN:
            result.append(Match(orgs[i].key, None, ["conflict_all"]))
        else:
            result.append(Match(orgs[i].key, callers[j].key, reasons.get((i, j)) or ["balance"]))
    return result


def loads(matches: Sequence[Match]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in matches:
        if match.caller is not None:
            counts[match.caller] = counts.get(match.caller, 0) + 1
    return counts
