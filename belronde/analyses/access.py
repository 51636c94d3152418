"""The only way to reach financial analyses: within the chapter, for coaches and coordinators.

Another chapter's analysis (or one that does not exist) is 404; a role without the right in the
chapter (caller, partner, funder, regional) is 403.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404

from belronde.accounts.access import ChapterAccess, get_chapter_access, require
from belronde.accounts.models import User
from belronde.analyses.models import FinancialAnalysis
from belronde.members.models import Organisation


def analyses_for(access: ChapterAccess) -> QuerySet[FinancialAnalysis]:
    require(access.can_analyse)
    return FinancialAnalysis.objects.filter(chapter=access.chapter).select_related("organisation")


def get_analysis(access: ChapterAccess, code: str) -> FinancialAnalysis:
    """The analysis ``code`` in the chapter of ``access``: 404 elsewhere, 403 for other roles."""
    analysis = analyses_for(access).filter(public_code=code).first()
    if analysis is None:
        raise Http404
    return analysis


def get_analysis_for_user(user: User, chapter: str, code: str) -> FinancialAnalysis:
    return get_analysis(get_chapter_access(user, chapter), code)


def organisations_for_analysis(access: ChapterAccess) -> QuerySet[Organisation]:
    """The chapter's organisations an analysis can be made for (not merged into another)."""
    require(access.can_analyse)
    return Organisation.objects.filter(chapter=access.chapter, merged_into__isnull=True)


def search_organisations(access: ChapterAccess, text: str, limit: int = 20) -> list[Organisation]:
    """Organisations whose name contains ``text``, or whose enterprise number starts with its
    digits (``0403.170`` finds 0403170701)."""
    text = text.strip()
    if len(text) < 2:
        return []
    compact = re.sub(r"[\s.]", "", text).upper().removeprefix("BE")
    if compact.isdigit() and len(compact) >= 3:
        query = Q(enterprise_number__startswith=compact)
        if len(compact) <= 9:  # a spreadsheet dropped the leading zero
            query |= Q(enterprise_number__startswith="0" + compact)
    else:
        query = Q(name__icontains=text)
    return list(organisations_for_analysis(access).filter(query).order_by("name")[:limit])


def get_organisation(access: ChapterAccess, code: str) -> Organisation:
    organisation = organisations_for_analysis(access).filter(public_code=code).first()
    if organisation is None:
        raise Http404
    return organisation
