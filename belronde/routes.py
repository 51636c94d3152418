"""The API's router registry: every app's API module, mounted on the one API object.

It sits at the top, next to ``urls.py``, because it is the one module that knows every app: the
``belronde.api`` package below it holds what the apps' API modules share (the API object with its
parser and error handlers, authentication, ``chapter_access``, schemas, pagination) and imports
none of them. An app adds its router here, once.
"""

from __future__ import annotations

from belronde.accounts.api import router as accounts_router
from belronde.analyses.api import router as analyses_router
from belronde.api.api import api
from belronde.campaigns.api import router as campaigns_router
from belronde.coaching.api import router as coaching_router
from belronde.conversations.api import router as conversations_router
from belronde.funding.api import router as funding_router
from belronde.knowledge.api import router as knowledge_router
from belronde.members.api import router as members_router
from belronde.referrals.api import router as referrals_router

for router in (
    accounts_router,
    campaigns_router,
    members_router,
    conversations_router,
    knowledge_router,
    referrals_router,
    analyses_router,
    coaching_router,
    funding_router,
):
    api.add_router("/", router)

__all__ = ["api"]
