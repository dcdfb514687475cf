"""One search call for the web pages and the API, shaped for their templates and schemas."""

from __future__ import annotations

from dataclasses import dataclass, field

from qbank.domain.actor import Actor
from qbank.services.questions import QuestionView
from qbank.services.search import search_questions
from qbank.services.uow import UnitOfWork

FACETS = ("subject", "grade", "topic", "level", "type", "department_id", "status")


@dataclass
class Found:
    items: list[QuestionView]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str | int, int]] = field(default_factory=dict)
    snippets: dict[int, str] = field(default_factory=dict)
    capped: bool = False  # total and facet counts are lower bounds: shown as "1,000+"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def find_questions(
    uow: UnitOfWork,
    actor: Actor,
    text: str = "",
    filters: dict[str, list[str | int]] | None = None,
    *,
    page: int = 1,
    per_page: int = 20,
    facets: tuple[str, ...] = FACETS,
) -> Found:
    filters = {k: v for k, v in (filters or {}).items() if v}
    result = search_questions(uow, actor, text, filters=filters, page=page, per_page=per_page, facets=facets)
    return Found(result.hits, result.total, result.page, result.per_page, dict(result.facets), dict(result.snippets), result.capped)
