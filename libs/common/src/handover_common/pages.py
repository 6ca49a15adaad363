"""Every list the services answer is a page (issue 14): ``{items, total, limit, offset}``,
with ``limit`` and ``offset`` query parameters, as GET /v1/deadlines and GET /v1/alarms do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_LIMIT = 500
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items on the page, at most")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="items skipped before the page")]


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int = Field(description="items in the whole list")
    limit: int
    offset: int


def page_of(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    """The page of a list already in memory (a short one: reference data, a caller's own)."""
    window = list(items[offset : offset + limit])
    return Page(items=window, total=len(items), limit=limit, offset=offset)
