"""Domain objects to API dictionaries (rich content as plain text with $LaTeX$ and as HTML)."""

from __future__ import annotations

from typing import Any

from qbank.domain.render import to_text
from qbank.http.content import content_html
from qbank.services.questions import QuestionView


def question_dict(v: QuestionView, snippet: str | None = None) -> dict[str, Any]:
    q = v.question
    return {
        "id": v.id,
        "version": v.version,
        "type": str(q.type),
        "status": v.status,
        "visibility": v.visibility,
        "department_id": v.department_id,
        "department": v.department,
        "stem": to_text(q.stem, paragraph_sep="\n"),
        "stem_html": str(content_html(q.stem)),
        "options": [
            {"label": o.label, "text": to_text(o.content), "html": str(content_html(o.content)), "correct": o.correct} for o in q.options
        ],
        "subparts": [
            {"label": s.label, "text": to_text(s.content), "html": str(content_html(s.content)), "points": s.points} for s in q.subparts
        ],
        "answer": q.answer,
        "points": q.points,
        "solution": to_text(q.solution, paragraph_sep="\n") if q.solution is not None else None,
        "tags": q.tags.to_json(),
        "usage_count": v.usage_count,
        "created_at": v.created_at,
        "updated_at": v.updated_at,
        "can_edit": v.can_edit,
        "can_review": v.can_review,
        "snippet": snippet,
    }


def exam_dict(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "title": info.title,
        "kind": info.kind,
        "subject": info.subject,
        "grade": info.grade,
        "confidential": info.confidential,
        "embargoed": info.embargoed,
        "release_at": info.release_at,
        "status": info.status,
        "created_at": info.created_at,
        "question_count": info.question_count,
        "version_codes": info.version_codes,
        "release_policy": info.release_policy,
        "messages": info.messages,
    }
