"""Exporting what a search selects (as the searching user may see it) in an LMS or office format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exporters import get_exporter
from exporters.base import export_formats, format_for_choice
from qbank.domain.actor import Actor
from qbank.domain.content import Content
from qbank.domain.errors import UnsupportedFormat, ValidationError
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.services.blobs import load_blobs
from qbank.services.exams import audit
from qbank.services.search import search_questions
from qbank.services.uow import UnitOfWork

# What a bank selection can be written as: the LMS formats, a Word paper in search order and an Excel
# question sheet (the exporter registry's "bank" scope).
BANK_FORMATS = tuple(f.public for f in export_formats("bank"))
MAX_EXPORT = 5_000


@dataclass
class BankExport:
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    questions: int = 0
    truncated: bool = False


def export_search(
    uow: UnitOfWork, actor: Actor, query: str, fmt: str, out_dir: str | Path, *,
    filters: dict[str, list[str | int]] | None = None, limit: int = MAX_EXPORT, name: str = "qbank",
) -> BankExport:
    """Every question the search finds for ``actor`` (never one they may not see), in search order, as ``fmt``."""
    try:
        fmt = format_for_choice(fmt, "bank")
    except UnsupportedFormat:
        raise ValidationError("must be one of %(value)s", where="format", value=", ".join(BANK_FORMATS)) from None
    exporter = get_exporter(fmt)
    views = []
    page = 1
    while len(views) < limit:
        found = search_questions(uow, actor, query, filters=filters, page=page, per_page=100, facets=())
        views.extend(found.hits)
        if page >= found.pages or not found.hits:
            break
        page += 1
    truncated = len(views) > limit
    views = views[:limit]
    passages: dict[str, Content] = {}
    for v in views:  # a group is its stored passage (import-time keys repeat across files)
        v.question.group = f"g{v.passage_group_id}" if v.passage_group_id and v.passage is not None else None
        if v.question.group:
            passages.setdefault(v.question.group, v.passage)  # type: ignore[arg-type]
    shas = {sha for v in views for sha in v.question.blob_refs()} | {sha for c in passages.values() for sha in c.blob_refs()}
    blobs = {sha: b.data for sha, b in load_blobs(uow.session, shas).items()}
    paper = ExamPaper(ExamHeader(title="QBank", official=False), [PaperPart("I", "", "", None, [ExamItem(v.id, v.question, v.question.points) for v in views])],
                      name=name, passages=passages)
    paper.versions = [paper.original_version()]  # a Word paper prints the search order, options unshuffled
    result = exporter.export(paper, Path(out_dir), blobs)
    audit(uow, actor, "export", "bank", None, format=fmt, query=query, filters=filters or {}, questions=[v.id for v in views][:1000])
    uow.commit()
    return BankExport(result.paths, result.warnings, len(views), truncated)
