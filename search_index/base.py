"""The search interface both backends implement, and the values that cross it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from qbank.domain.enums import Role, Status, Visibility

# Facets a query may filter on and count. department_id and grade are ints, the rest strings.
FACETS = ("subject", "grade", "topic", "level", "type", "department_id", "school_year", "status")
INT_FACETS = frozenset({"grade", "department_id"})
Progress = Callable[[int], None]  # called with the number of documents done so far


@dataclass
class SearchDoc:
    """One question as the index sees it: plain text (LaTeX kept as $...$), facets and access."""

    id: int
    stem: str
    options: str = ""
    extra: str = ""  # solution and marking guide
    subject: str | None = None
    grade: int | None = None
    topic: str | None = None
    level: str | None = None
    type: str | None = None
    department_id: int = 0
    school_year: str | None = None
    status: str = Status.DRAFT.value
    visibility: str = Visibility.DEPARTMENT.value
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def facet(self, name: str) -> str | int | None:
        return getattr(self, name)


@dataclass(frozen=True)
class Access:
    """Who is searching. Build it with ``Access.for_user``; backends apply it inside the query."""

    department_id: int
    consortium_department_ids: frozenset[int] = frozenset()  # departments sharing a consortium
    own_statuses: frozenset[str] = frozenset({Status.APPROVED.value})
    other_statuses: frozenset[str] = frozenset({Status.APPROVED.value})
    is_exam_board: bool = False
    is_admin: bool = False
    # Departments whose reserved exam pool (visibility "reserved") this user may find.
    reserved_department_ids: frozenset[int] = frozenset()
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def for_user(
        cls,
        role: Role | str,
        department_id: int,
        consortium_department_ids: Iterable[int] = (),
        *,
        reserved_department_ids: Iterable[int] = (),
        now: datetime | None = None,
    ) -> Access:
        """Teachers see approved questions only; contributors, exam boards and admins also see
        their own department's drafts. Retired questions need an admin's explicit status filter."""
        role = Role(role)
        own = {Status.APPROVED.value}
        if role in (Role.CONTRIBUTOR, Role.EXAM_BOARD, Role.ADMIN):
            own.add(Status.DRAFT.value)
        return cls(
            department_id=department_id,
            consortium_department_ids=frozenset(consortium_department_ids) - {department_id},
            own_statuses=frozenset(own),
            other_statuses=frozenset({Status.APPROVED.value}),
            is_exam_board=role is Role.EXAM_BOARD,
            is_admin=role is Role.ADMIN,
            reserved_department_ids=frozenset(reserved_department_ids),
            now=now or datetime.now(UTC),
        )

    def statuses_for(self, filters: Mapping[str, Sequence[object]]) -> tuple[frozenset[str], frozenset[str]]:
        """(own-department statuses, other-department statuses) after an admin's retired filter."""
        own, other = self.own_statuses, self.other_statuses
        if self.is_admin and Status.RETIRED.value in {str(v) for v in filters.get("status", ())}:
            own = own | {Status.RETIRED.value}
        return own, other


@dataclass
class SearchQuery:
    text: str = ""
    access: Access = field(default_factory=lambda: Access(department_id=0))
    filters: dict[str, list[str | int]] = field(default_factory=dict)  # facet -> any of values
    sort: str = "relevance"  # or "newest"
    page: int = 1
    per_page: int = 20
    facets: tuple[str, ...] = ()  # facets to count over the visible, filtered matches
    time_limit_s: float | None = None


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, dict[str | int, int]]
    snippets: dict[int, str]  # html-escaped text with <mark> around matches
    page: int
    per_page: int
    timed_out: bool = False
    capped: bool = False  # counting stopped at COUNT_CAP: total and facet counts are lower bounds

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@runtime_checkable
class SearchIndex(Protocol):
    def add(self, docs: Iterable[SearchDoc]) -> None:
        """Insert or replace documents by id."""

    def remove(self, ids: Iterable[int]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> None:
        """Replace the whole index with ``docs``."""

    def clear(self) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


# Relevance is computed on the newest RANK_CAP matches only: ranking every match is what made
# the naive set-ups slow, and both backends cap the same way so their top hits agree.
RANK_CAP = 1000
# A backend may stop counting past COUNT_CAP matches: the total and facet counts are then lower
# bounds (``SearchResult.capped``), shown as "1,000+", instead of a scan of every match.
COUNT_CAP = 1000


def validate_filters(filters: Mapping[str, Sequence[object]]) -> dict[str, list[str | int]]:
    """Keep known facets only, ints where the facet is numeric; unknown facets are ignored."""
    out: dict[str, list[str | int]] = {}
    for name, values in filters.items():
        if name not in FACETS:
            continue
        vals: list[str | int] = []
        for v in values if isinstance(values, list | tuple | set | frozenset) else [values]:
            if name in INT_FACETS:
                try:
                    vals.append(int(v))  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    continue
            else:
                vals.append(str(v))
        out[name] = vals
    return out
