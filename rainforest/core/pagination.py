"""One pagination for every API list: a page number and a page size with declared bounds, and the page
that answers them (`count`, `page`, `page_size`, `results`). It lives in core so that every app, and the
generic record framework, paginate the same way; the bounds appear in the OpenAPI schema, so a client
(and the schema test) knows them before asking.

A page past the last one is an empty page, not an error; a page number or size outside the bounds is
refused with 422 before any query runs (an unbounded page number once overflowed the database's OFFSET)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# A million pages of up to a hundred rows: more than any list holds, small enough for every database's
# OFFSET.
MAX_PAGE = 1_000_000

Row = TypeVar("Row")


class PageQuery(Schema):
    """The page parameters of every list; list queries subclass it and add their filters."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始（至多 1000000）；超过末页时结果为空")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数，1–100，缺省 20")


class Page(Schema, Generic[Row]):
    """One page of a list: `Page[EnterpriseRow]`. Lists with more to say subclass it (`as_of`, …)."""

    count: int = Field(description="符合条件的总条数（全部页）")
    page: int = Field(description="本页页码")
    page_size: int = Field(description="每页条数")
    results: list[Row]


def paginate(
    rows: QuerySet[Any] | Sequence[Any],
    query: PageQuery,
    shape: Callable[[Any], Any] | None = None,
    *,
    count: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The page `query` asks for, as `Page` expects it. `rows` is ordered (a queryset with a total order,
    or a list); each row on the page is passed through `shape` when given. `count` spares a second count
    when the caller has it (or can count a cheaper queryset); `extra` adds fields of a `Page` subclass."""
    if count is None:
        count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = first_row(query)
    shown = rows[start : start + query.page_size]
    return {
        **extra,
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [shape(row) for row in shown] if shape is not None else list(shown),
    }


def first_row(query: PageQuery) -> int:
    """The 0-based position of the page's first row in the whole list (for numbering rows by rank)."""
    return (query.page - 1) * query.page_size
