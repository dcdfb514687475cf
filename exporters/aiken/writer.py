"""Writes the multiple-choice questions as Aiken; anything else has no Aiken form and is named in a warning."""

from __future__ import annotations

from exporters.base import BlobSource
from exporters.lms_common import OneFileExporter, content_text, entries, has_pictures
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper


class AikenExporter(OneFileExporter):
    format, suffix = "aiken", ".aiken.txt"

    def render(self, paper: ExamPaper, blobs: BlobSource) -> tuple[bytes, list[str]]:
        text, warnings = aiken(paper)
        return text.encode("utf-8"), warnings


def aiken(paper: ExamPaper) -> tuple[str, list[str]]:
    out: list[str] = []
    warnings: list[str] = []
    for n, e in enumerate(entries(paper), 1):
        q = e.question
        if q.type != QuestionType.MCQ or not any(o.correct for o in q.options) or len(q.options) > 26:
            warnings.append(f"question {n}: a {q.type} question has no Aiken form; left out")
            continue
        if any(has_pictures(c) for c in (q.stem, *(o.content for o in q.options))):
            warnings.append(f"question {n}: Aiken carries no pictures (left out)")
        lines = [content_text(q.stem)]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        lines += [f"{letters[i]}) {content_text(o.content)}" for i, o in enumerate(q.options)]
        lines.append(f"ANSWER: {letters[next(i for i, o in enumerate(q.options) if o.correct)]}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n", warnings
