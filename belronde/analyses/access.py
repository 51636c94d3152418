"""The only way to reach financial analyses: within the chapter, for coaches and coordinators.

Another chapter's analysis (or one that does not exist) is 404; a role without the right in the
chapter (caller, partner, funder, regional) is 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import User
from belronde.analyses.models import CashFlowForecast, FinancialAnalysis
from belronde.members.models import Organisation
from belronde.members.search import search_organisations as members_search

if TYPE_CHECKING:
    from belronde.coaching.models import Trajectory


def analyses_for(access: ChapterAccess) -> QuerySet[FinancialAnalysis]:
    require(access.can_analyse)
    return FinancialAnalysis.objects.filter(chapter=access.chapter).select_related("organisation")


def get_analysis(access: ChapterAccess, code: str) -> FinancialAnalysis:
    """The analysis ``code`` in the chapter of ``access``: 404 elsewhere, 403 for other roles."""
    analysis = analyses_for(access).filter(public_code=code).first()
    if analysis is None:
        raise Http404
    return analysis


def forecast_of(analysis: FinancialAnalysis) -> CashFlowForecast | None:
    """The analysis's 13-week cash-flow forecast, if one was started (the analysis comes from
    ``get_analysis``, which checked the access)."""
    return CashFlowForecast.objects.filter(analysis=analysis).first()


def organisations_for_analysis(access: ChapterAccess) -> QuerySet[Organisation]:
    """The chapter's organisations an analysis can be made for (not merged into another)."""
    require(access.can_analyse)
    return Organisation.objects.filter(chapter=access.chapter, merged_into__isnull=True)


def search_organisations(access: ChapterAccess, text: str, limit: int = 20) -> list[Organisation]:
    """The organisations an analysis can be made for that ``text`` finds (as on the member list:
    words of the name or municipality, or the first digits of the enterprise number)."""
    text = text.strip()
    if len(text) < 2:
        return []
    found = members_search(organisations_for_analysis(access), text)
    return list(found.order_by("name")[:limit])


def get_organisation(access: ChapterAccess, code: str) -> Organisation:
    organisation = organisations_for_analysis(access).filter(public_code=code).first()
    if organisation is None:
        raise Http404
    return organisation


def trajectories_of(
    access: ChapterAccess, user: User, analysis: FinancialAnalysis
) -> list[Trajectory]:
    """The coaching trajectories this analysis is linked to that ``user`` may open (a coach
    their own, a coordinator all). Coaching sits above analyses: this is its access function,
    imported here as the one upward look-up, never its views."""
    from belronde.coaching.access import trajectories_for

    return list(trajectories_for(access, user).filter(analyses=analysis).order_by("-started_on"))
