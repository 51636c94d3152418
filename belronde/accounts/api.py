"""/me and /chapters: who am I, and where may I go."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Router
from ninja.pagination import paginate

from belronde.accounts.access import ChapterAccess, chapters_for_user
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ChapterDetailOut, ChapterOut, ErrorOut, MeOut

router = Router(tags=["accounts"])


def _chapter_out(access: ChapterAccess) -> dict[str, object]:
    return {
        "slug": access.chapter.slug,
        "name": access.chapter.name,
        "region": {"slug": access.chapter.region.slug, "name": access.chapter.region.name},
        "role": access.role,
        "role_label": access.role_label,
        "url": reverse("api-v1:chapter_detail", kwargs={"slug": access.chapter.slug}),
    }


@router.get("/me", response={200: MeOut, 401: ErrorOut}, url_name="me", summary="The token's user")
def me(request: HttpRequest) -> dict[str, object]:
    user = api_user(request)
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
        "chapters": [
            {"chapter": access.chapter.slug, "role": access.role}
            for access in chapters_for_user(user)
        ],
    }


@router.get(
    "/chapters",
    response={200: list[ChapterOut], 401: ErrorOut},
    url_name="chapter_list",
    summary="The chapters you may enter, with your role",
)
@paginate(PageNumber)
def chapter_list(request: HttpRequest) -> list[dict[str, object]]:
    return [_chapter_out(access) for access in chapters_for_user(api_user(request))]


@router.get(
    "/chapters/{slug}",
    response={200: ChapterDetailOut, 401: ErrorOut, 404: ErrorOut},
    url_name="chapter_detail",
    summary="One chapter and your role in it",
)
def chapter_detail(
    request: HttpRequest,
    slug: str = Path(..., description="The chapter's slug.", example="mechelen"),
) -> dict[str, object]:
    access = chapter_access(request, slug)
    data = _chapter_out(access)
    data["postal_codes"] = list(access.chapter.postal_codes)
    data["partner_organisation"] = (
        access.partner_organisation.slug if access.partner_organisation else None
    )
    return data
