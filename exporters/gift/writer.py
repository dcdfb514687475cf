"""Writes questions as GIFT: categories from topics, MCQ, true/false, weighted multiple response for the
2025 true/false items, numerical and short answers, essays; other tags in a "// qbank:" comment line
that our importer reads back (Moodle ignores comments). Pictures cannot travel in GIFT: each question
that has one is named in a warning (use Moodle XML or QTI for those)."""

from __future__ import annotations

import re

from exporters.base import BlobSource
from exporters.lms_common import OneFileExporter, content_text, entries, has_pictures, is_true_false, tag_pairs
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper

_SPECIAL = re.compile(r"([~=#{}:\\])")


def esc(text: str) -> str:
    """GIFT's special characters escaped (TeX backslashes included)."""
    return _SPECIAL.sub(r"\\\1", text)


class GiftExporter(OneFileExporter):
    format, suffix = "gift", ".gift.txt"

    def render(self, paper: ExamPaper, blobs: BlobSource) -> tuple[bytes, list[str]]:
        text, warnings = gift(paper)
        return text.encode("utf-8"), warnings


def gift(paper: ExamPaper) -> tuple[str, list[str]]:
    out: list[str] = []
    warnings: list[str] = []
    category = None
    for n, e in enumerate(entries(paper), 1):
        q = e.question
        if (q.tags.topic or "") != category:
            category = q.tags.topic or ""
            out.append(f"$CATEGORY: $course$/QBank/{q.tags.subject or ''}/{category}".rstrip("/") + "\n")
        if e.passage is not None:
            out.append(f"::Đoạn văn {e.passage_key}::{esc(content_text(e.passage))}\n")
        contents = [q.stem, *(o.content for o in q.options), *(s.content for s in q.subparts)]
        if any(has_pictures(c) for c in contents):
            warnings.append(f"question {n}: GIFT carries no pictures (they are left out; Moodle XML keeps them)")
        pairs = tag_pairs(q, e.points)
        if pairs:
            out.append("// qbank: " + " | ".join(f"{k}={v}" for k, v in pairs))
        stem = esc(content_text(q.stem))
        if q.subparts:
            stem += " " + " ".join(f"{s.label}) {esc(content_text(s.content))}" for s in q.subparts)
        title = f"::{n:03d}::"
        feedback = f"####{esc(content_text(q.solution))}" if q.solution is not None and content_text(q.solution) else ""
        if q.type == QuestionType.MCQ and is_true_false(q):
            out.append(f"{title}{stem}{{{'TRUE' if q.options[0].correct else 'FALSE'}{feedback}}}\n")
        elif q.type == QuestionType.MCQ:
            answers = "\n".join(f"\t{'=' if o.correct else '~'}{esc(content_text(o.content))}" for o in q.options)
            out.append(f"{title}{stem}{{\n{answers}\n{feedback}}}\n")
        elif q.type == QuestionType.TRUE_FALSE:
            right = sum(o.correct for o in q.options) or 1
            wrong = (len(q.options) - right) or 1
            answers = "\n".join(f"\t~%{(100 / right if o.correct else -100 / wrong):.7g}%{esc(content_text(o.content))}" for o in q.options)
            out.append(f"{title}{stem}{{\n{answers}\n{feedback}}}\n")
        elif q.type == QuestionType.SHORT_ANSWER:
            value = str(q.answer or "").strip()
            if re.fullmatch(r"-?\d+(?:[.,]\d+)?", value):
                out.append(f"{title}{stem}{{#{value.replace(',', '.')}{feedback}}}\n")
            else:
                out.append(f"{title}{stem}{{={esc(value)}{feedback}}}\n")
        elif q.type == QuestionType.ESSAY:
            out.append(f"{title}{stem}{{{feedback}}}\n")
    return "\n".join(out), warnings
