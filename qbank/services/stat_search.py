"""Search by measured behaviour: filter and sort on the Rasch difficulty and discrimination that
results have stored on each question.

The search index does not carry these numbers (they change with every results import and would
need every backend to index them); they are plain indexed columns on ``questions``, so the
database filters and sorts them, under the same visibility clause as everything else. With
search words, the index first gives its matches (up to ``MAX_TEXT_MATCHES``), then the database
filters and orders those. Facets are not counted in this mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from qbank.db.models import QuestionRow, utcnow
from qbank.domain.actor import Actor
from qbank.services import permissions
from qbank.services.questions import get_questions
from qbank.services.search import MAX_QUERY_CHARS, QUERY_TIME_LIMIT_S, SearchPage, access_for
from qbank.services.uow import UnitOfWork
from search_index.base import SearchQuery, validate_filters

MAX_TEXT_MATCHES = 2000
SORTS = ("easiest", "hardest", "discrimination")
_FILTER_COLUMNS = {
    "subject": QuestionRow.subject, "grade": QuestionRow.grade, "topic": QuestionRow.topic, "level": QuestionRow.level,
    "type": QuestionRow.type, "department_id": QuestionRow.department_id, "status": QuestionRow.status,
}


@dataclass
class StatFilter:
    difficulty_min: float | None = None  # Rasch b, logits
    difficulty_max: float | None = None
    discrimination_min: float | None = None
    discrimination_max: float | None = None
    sort: str | None = None  # easiest | hardest | discrimination

    @property
    def active(self) -> bool:
        bounds = (self.difficulty_min, self.difficulty_max, self.discrimination_min, self.discrimination_max)
        return any(x is not None for x in bounds) or self.sort in SORTS


def search_by_statistics(
    uow: UnitOfWork,
    actor: Actor,
    text: str,
    stats: StatFilter,
    *,
    filters: dict[str, list[str | int]] | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Questions the actor may see, matching ``text`` and ``filters``, within the bounds, in the chosen order."""
    text = (text or "")[:MAX_QUERY_CHARS]
    page = max(1, min(int(page), 1000))
    per_page = max(1, min(int(per_page), 100))
    filters = validate_filters(filters or {})
    q = select(QuestionRow.id).where(permissions.question_visible_clause(actor, utcnow()))
    timed_out = False
    if text.strip():
        matches: list[int] = []
        access = access_for(uow, actor)
        for index_page in range(1, MAX_TEXT_MATCHES // 100 + 1):  # backends hand out at most 100 per page
            result = uow.indexer.backend.search(SearchQuery(text=text, access=access, filters=filters, page=index_page,
                                                            per_page=100, time_limit_s=QUERY_TIME_LIMIT_S))
            matches += result.ids
            timed_out = timed_out or result.timed_out
            if len(result.ids) < 100 or len(matches) >= result.total:
                break
        q = q.where(QuestionRow.id.in_(matches or [-1]))
    for name, values in filters.items():
        if name in _FILTER_COLUMNS and values:
            q = q.where(_FILTER_COLUMNS[name].in_(values))
    b, r = QuestionRow.rasch_b, QuestionRow.stat_discrimination
    if stats.difficulty_min is not None:
        q = q.where(b >= stats.difficulty_min)
    if stats.difficulty_max is not None:
        q = q.where(b <= stats.difficulty_max)
    if stats.discrimination_min is not None:
        q = q.where(r >= stats.discrimination_min)
    if stats.discrimination_max is not None:
        q = q.where(r <= stats.discrimination_max)
    total = uow.session.scalar(select(func.count()).select_from(q.subquery())) or 0
    order: Any = {"hardest": b.desc().nulls_last(), "discrimination": r.desc().nulls_last()}.get(stats.sort or "", b.asc().nulls_last())
    ids = list(uow.session.scalars(q.order_by(order, QuestionRow.id).offset((page - 1) * per_page).limit(per_page)))
    return SearchPage(query=text, total=total, page=page, per_page=per_page, hits=get_questions(uow, actor, ids), timed_out=timed_out)


def measured(uow: UnitOfWork, ids: list[int]) -> dict[int, tuple[float | None, float | None]]:
    """(Rasch b, discrimination) of the given questions that have been measured."""
    if not ids:
        return {}
    rows = uow.session.execute(
        select(QuestionRow.id, QuestionRow.rasch_b, QuestionRow.stat_discrimination).where(
            QuestionRow.id.in_(ids), (QuestionRow.rasch_b.is_not(None)) | (QuestionRow.stat_discrimination.is_not(None))
        )
    )
    return {i: (b, r) for i, b, r in rows}
