"""Listing the bank without the search index: filters, facets and a folded text match, all
under the visibility clause. The web and API fall back to it when no search service exists."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from sqlalchemy import func, select

from qbank.db.models import QuestionRow, QuestionVersion, utcnow
from qbank.domain.actor import Actor
from qbank.domain.question import Question
from qbank.domain.text import fold
from qbank.services import permissions
from qbank.services.uow import UnitOfWork

FACET_COLUMNS = {
    "subject": QuestionRow.subject,
    "grade": QuestionRow.grade,
    "topic": QuestionRow.topic,
    "level": QuestionRow.level,
    "type": QuestionRow.type,
    "department_id": QuestionRow.department_id,
    "school_year": QuestionRow.school_year,
    "status": QuestionRow.status,
}
TEXT_SCAN_LIMIT = 5000  # a stand-in for the index: enough for a department's bank


@dataclass
class BrowseResult:
    ids: list[int]
    total: int
    facets: dict[str, dict[str | int, int]] = field(default_factory=dict)
    snippets: dict[int, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20


def browse_questions(
    uow: UnitOfWork,
    actor: Actor,
    text: str = "",
    filters: dict[str, list[str | int]] | None = None,
    *,
    page: int = 1,
    per_page: int = 20,
    facets: tuple[str, ...] = (),
) -> BrowseResult:
    """Newest first; ``text`` matches every folded word of the question's text (accents optional)."""
    where = [permissions.question_visible_clause(actor, utcnow())]
    for name, values in (filters or {}).items():
        col = FACET_COLUMNS.get(name)
        if col is not None and values:
            where.append(col.in_([int(v) if name in ("grade", "department_id") else str(v) for v in values]))
    words = fold(text).split()
    ids: list[int]
    snippets: dict[int, str] = {}
    if words:
        rows = uow.session.execute(
            select(QuestionRow.id, QuestionVersion.data)
            .join(QuestionVersion, (QuestionVersion.question_id == QuestionRow.id) & (QuestionVersion.version == QuestionRow.current_version))
            .where(*where)
            .order_by(QuestionRow.id.desc())
            .limit(TEXT_SCAN_LIMIT)
        ).all()
        ids = []
        for qid, data in rows:
            plain = Question.from_json(data).plain_text()
            folded = fold(plain)
            if all(w in folded for w in words):
                ids.append(qid)
                snippets[qid] = _snippet(plain, words)
    else:
        ids = list(uow.session.scalars(select(QuestionRow.id).where(*where).order_by(QuestionRow.id.desc())))
    counts: dict[str, dict[str | int, int]] = {}
    for name in facets:
        col = FACET_COLUMNS.get(name)
        if col is None or not ids:
            counts[name] = {}
            continue
        rows = uow.session.execute(
            select(col, func.count()).where(QuestionRow.id.in_(ids)).group_by(col).order_by(func.count().desc())
        )
        counts[name] = {v: n for v, n in rows if v is not None}
    page = max(1, page)
    start = (page - 1) * per_page
    return BrowseResult(ids[start : start + per_page], len(ids), counts, snippets, page, per_page)


def _snippet(plain: str, words: list[str], width: int = 200) -> str:
    """Escaped text around the first match, matched words in <mark> (folded comparison)."""
    folded = fold(plain)
    # fold() keeps the length of Vietnamese text (one letter for one letter), so positions carry over.
    same_length = len(folded) == len(plain)
    first = min((folded.find(w) for w in words if w in folded), default=0) if same_length else 0
    start = max(0, first - 40)
    piece, fpiece = plain[start : start + width], folded[start : start + width]
    marks: list[tuple[int, int]] = []
    if same_length:
        for w in words:
            pos = fpiece.find(w)
            while pos >= 0:
                marks.append((pos, pos + len(w)))
                pos = fpiece.find(w, pos + len(w))
    out, at = [], 0
    for a, b in sorted(marks):
        if a < at:
            continue
        out.append(escape(piece[at:a]))
        out.append(f"<mark>{escape(piece[a:b])}</mark>")
        at = b
    out.append(escape(piece[at:]))
    return ("…" if start else "") + "".join(out) + ("…" if start + width < len(plain) else "")
