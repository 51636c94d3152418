"""Page-number pagination with counts and links, for every list endpoint."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int
        next: int | None
        previous: int | None

    items_attribute: str = "items"

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: Any = None, **params: Any
    ) -> dict[str, Any]:
        count = (
            queryset.count()
            if hasattr(queryset, "count") and not isinstance(queryset, list)
            else len(queryset)
        )
        size = pagination.page_size
        pages = max(1, -(-count // size))
        page = pagination.page
        start = (page - 1) * size
        return {
            "items": list(queryset[start : start + size]),
            "count": count,
            "page": page,
            "pages": pages,
            "next": page + 1 if page < pages else None,
            "previous": page - 1 if page > 1 and page <= pages else None,
        }
