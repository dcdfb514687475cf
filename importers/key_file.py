"""An answer key in a file of its own (dap_an.docx / .xlsx): read it and apply it to a paper's questions."""

# Departments often keep the paper and its key apart (the key is printed after the exam). The key
# file is read with the same key conventions as a key inside the paper (lines of "1-A", tables in
# bands, one column per mã đề, parts), then matched to the paper by printed number and part.

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from importers.base import DISAGREE, FORMATTING_ONLY, NO_ANSWER, ImportResult
from importers.docx.keys import KeyEntry
from importers.docx.labels import letter_of, tf_marks, tf_value
from importers.docx.meta import read_meta
from importers.docx.para import Cell, Para, TableBlock
from importers.docx.segment import KeySource, Segmenter
from importers.safety import check_package
from qbank.domain.content import Text
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile


def read_key_file(filename: str, data: bytes, paper_code: str | None = None) -> tuple[list[KeySource], ImportResult]:
    """The key entries of an answer file (by part, as printed) and what reading it had to say.

    ``paper_code``: the paper's mã đề, so a key with one column per mã đề gives this paper's column.
    """
    low = filename.lower()
    if low.endswith(".docx"):
        kind = "docx"
    elif low.endswith(".xlsx"):
        kind = "xlsx"
    else:
        raise RejectedFile("%(filename)s: an answer file must be .docx or .xlsx", filename=filename)
    check_package(data, filename, kind)
    notes = ImportResult(source=filename, format=kind)
    seg = Segmenter(notes)
    seg.zone = "key"  # the whole file is the key: no paper before it
    seg.paper_code = paper_code
    blocks = _docx_blocks(data, filename, notes) if kind == "docx" else _xlsx_blocks(data, filename, notes)
    key_code = read_meta([b.text for b in blocks[:12] if isinstance(b, Para)]).get("code")
    if paper_code and key_code and key_code.lstrip("0") != paper_code.lstrip("0"):
        raise RejectedFile("%(filename)s: this answer key is for mã đề %(key_code)s, but the paper is mã đề %(paper_code)s", filename=filename, key_code=key_code, paper_code=paper_code)
    drafts = seg.run(blocks)
    sources = [s for s in seg.keys if s.entries]
    # "Câu 1. B" lines a key file may hold are read as questions; their answers are key entries too.
    if drafts:
        from importers.docx.finish import build_question

        extra: list[KeyEntry] = []
        for i, d in enumerate(drafts):
            q = build_question(d, [], {}, ImportResult(source=filename, format=kind), i)
            if q.number is not None and isinstance(q.answer, str) and q.answer:
                extra.append(KeyEntry(q.number, q.answer, None, d.where))
        if extra:
            sources.append(KeySource(None, extra, "key"))
    if not any(s.entries for s in sources):
        raise RejectedFile("%(filename)s: no answer key was found (lines such as 1-A 2-B, or a table of numbers and answers)", filename=filename)
    return sources, notes


def _docx_blocks(data: bytes, filename: str, notes: ImportResult) -> list:
    from importers.docx.blocks import Walker
    from importers.docx.numbering import Numbering
    from importers.docx.package import DocxPackage, W

    pkg = DocxPackage.open(data, filename)
    body = pkg.document().find(W + "body")
    if body is None:
        raise RejectedFile("%(filename)s: the document has no body", filename=filename)
    numbering = Numbering.parse(pkg.xml("word/numbering.xml"), pkg.styles_root)
    return Walker(pkg, numbering, notes.add_blob, notes.error).walk(body)


def _xlsx_blocks(data: bytes, filename: str, notes: ImportResult) -> list:
    """Each sheet as one table of its cells' text (the key-table conventions then read it)."""
    from importers.xlsx.sheet import load_sheets

    blocks: list = []
    for k, sheet in enumerate(load_sheets(data, filename, notes), start=1):
        rows = []
        for r in range(len(sheet.values)):
            texts = [sheet.text(r, c, fill=True) for c in range(len(sheet.values[r]))]
            if any(t.strip() for t in texts):
                rows.append([_cell(t, sheet.ref(r, c)) for c, t in enumerate(texts)])
        if rows:
            blocks.append(TableBlock(rows, sheet.label, k))
    return blocks


def _cell(text: str, where: str) -> Cell:
    text = str(text)
    return Cell([Para([Text(text)], [None], text, where)])


def apply_key_file(result: ImportResult, sources: list[KeySource], key_name: str) -> None:
    """Give the paper's questions the answers of a separate key, matched by printed number and part;
    a message for every question the key leaves out or gives twice, and for numbers not in the paper."""
    from importers.docx.finish import assign_keys

    sections: list[str | None] = []
    for q in result.questions:
        if q.section not in sections:
            sections.append(q.section)
    shadows: list[Any] = [SimpleNamespace(number=q.number, section=q.section, part=sections.index(q.section))
                          for q in result.questions]  # fmt: skip
    matched = assign_keys(shadows, sources, result)
    for i, q in enumerate(result.questions):
        entries = matched.get(i, [])
        label = f"question {q.number}" if q.number is not None else q.source_ref or f"question {i + 1}"
        if not entries:
            if q.type != QuestionType.ESSAY or not (q.subparts or q.points or q.guide):
                result.warn(key_name, f"the answer key does not cover {label}", i)
            continue
        seen: dict[str | None, KeyEntry] = {}
        for e in entries:
            if e.sub in seen:
                result.warn(e.where or key_name, f"the answer key gives {label} twice ({seen[e.sub].value}, then "
                                                 f"{e.value}); the first is used", i)  # fmt: skip
                result.doubt(i, DISAGREE)
                continue
            seen[e.sub] = e
        _apply(result, i, list(seen.values()), key_name)


def _apply(result: ImportResult, i: int, entries: list[KeyEntry], key_name: str) -> None:
    q = result.questions[i]
    plain = next((e.value.strip() for e in entries if e.sub is None), None)
    by_sub = {e.sub: tf_value(e.value) for e in entries if e.sub is not None}
    if q.type == QuestionType.MCQ:
        letter = letter_of(plain.upper()) if plain else None
        labels = [o.label for o in q.options]
        if letter is None or letter not in labels:
            result.warn(key_name, f"the answer key gives {plain!r} for question {q.number}, which is not one of its options", i)
            return
        if q.answer and q.answer != letter:
            result.warn(key_name, f"the answer key says {letter} but the paper marks {q.answer}; the key wins", i)
        q.answer = letter
        for o in q.options:
            o.correct = o.label == letter
    elif q.type == QuestionType.TRUE_FALSE:
        marks = tf_marks(plain) if plain else None
        for k, o in enumerate(q.options):
            mark = by_sub.get(o.label) or (marks[k] if marks and k < len(marks) else None)
            if mark:
                o.correct = mark == "Đ"
        got = [by_sub.get(o.label) or (marks[k] if marks and k < len(marks) else "") for k, o in enumerate(q.options)]
        q.answer = got if any(got) else q.answer
    elif plain:
        if q.type == QuestionType.ESSAY and not q.subparts:
            q.type = QuestionType.SHORT_ANSWER  # a value in the key: the question wants a short answer
        q.answer = plain
    else:
        return
    reasons = result.doubts.get(i, [])
    for gone in (FORMATTING_ONLY, NO_ANSWER):
        if gone in reasons:
            reasons.remove(gone)
