"""Writes the multiple-choice questions as Aiken; anything else has no Aiken form and is named in a warning."""

from __future__ import annotations

from pathlib import Path

from exporters.base import BlobSource, ExportResult
from exporters.lms_common import content_text, entries, has_pictures
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper


class AikenExporter:
    format = "aiken"

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        text, warnings = aiken(paper)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{paper.name}.aiken.txt"
        path.write_text(text, encoding="utf-8")
        return ExportResult([path], warnings)


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
