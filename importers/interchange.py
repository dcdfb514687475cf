"""Shared pieces of the LMS formats: reading text files in any encoding, building questions, type mapping."""

from __future__ import annotations

import unicodedata

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile
from qbank.domain.question import Option, Question, Tags

TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1258 (Vietnamese Windows), as LF text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                raise RejectedFile("%(filename)s: the text is neither UTF-8 nor Windows-1258; save it as UTF-8", filename=filename) from None
    if "\x00" in text:
        raise RejectedFile("%(filename)s: this is a binary file, not a text question file", filename=filename)
    # Windows-1258 writes tones as combining marks ("o" + hook): compose them as the bank stores text
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def choice_question(stem: Content, options: list[tuple[Content, bool]], tags: Tags | None = None, *, multiple: bool = False) -> Question:
    """One right option → MCQ A, B, C…; several right (or ``multiple``: a multiple-response item) →
    statements a), b)… each Đúng/Sai, the bank's true/false type, marked statement by statement."""
    correct = sum(1 for _, ok in options if ok)
    if correct == 1 and not multiple:
        opts = [Option(LETTERS[i], c, ok) for i, (c, ok) in enumerate(options)]
        answer = next(o.label for o in opts if o.correct)
        return Question(QuestionType.MCQ, stem, opts, answer=answer, tags=tags or Tags())
    opts = [Option(LETTERS[i].lower(), c, ok) for i, (c, ok) in enumerate(options)]
    return Question(QuestionType.TRUE_FALSE, stem, opts, answer=["Đ" if o.correct else "S" for o in opts], tags=tags or Tags())


def true_false_question(stem: Content, truth: bool, tags: Tags | None = None) -> Question:
    """A single true/false statement: an MCQ whose options are Đúng / Sai (exported back as true/false)."""
    opts = [Option("A", Content.from_text(TRUE_TEXT), truth), Option("B", Content.from_text(FALSE_TEXT), not truth)]
    return Question(QuestionType.MCQ, stem, opts, answer="A" if truth else "B", tags=tags or Tags())


def category_tags(path: str) -> Tags:
    """A Moodle/GIFT category path as tags: the last part is the topic; an earlier part that names a
    subject, with or without its grade ("Toán 12", "Vật lí lớp 11"), gives subject and grade."""
    import re

    from qbank.domain.taxonomy import load_taxonomy

    parts = [p.strip() for p in re.sub(r"\$(course|system|module|cat\d*)\$", "", path).split("/")]
    parts = [p for p in parts if p and not p.lower().startswith(("default for", "top"))]
    tags = Tags(topic=parts[-1] if parts else None)
    taxonomy = load_taxonomy()
    for part in parts[:-1]:
        m = re.fullmatch(r"(.*?)\s*(?:lớp|khối|grade)?\s*(\d{1,2})?", part, re.I)
        subject = taxonomy.subject(m.group(1)) if m else None
        if subject:
            tags.subject = subject
            if m and m.group(2) and 1 <= int(m.group(2)) <= 12:
                tags.grade = int(m.group(2))
    return tags


def apply_tag_pairs(q: Question, pairs: list[tuple[str, str]]) -> None:
    """Tags written by our exporters where a format has no field for them ("subject:Toán", "points=0.25")."""
    from qbank.domain.text import parse_decimal

    for name, value in pairs:
        name, value = name.strip().lower(), value.strip()
        if name == "grade" and value.isdigit():
            q.tags.grade = int(value)
        elif name in ("subject", "level", "school_year", "source_exam") and value:
            setattr(q.tags, name, value)
        elif name == "points" and parse_decimal(value) is not None:
            q.points = float(value)
