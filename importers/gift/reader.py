"""Reads GIFT files (https://docs.moodle.org/en/GIFT_format) into bank questions.

Multiple choice (one right answer → MCQ; weighted answers → true/false statements), true/false,
short answer, numerical (value, value:tolerance, ranges), essay, missing word (the answers become a
blank "_____" in the text), descriptions (→ a shared passage for the questions that follow),
categories (→ topic), escapes, comments and feedback (general feedback → solution). Matching
questions have no equivalent in the bank: they are skipped with a message naming them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.base import ImportResult
from importers.interchange import apply_tag_pairs, category_tags, choice_question, decode_text, true_false_question
from importers.markup import html_content, text_content
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile
from qbank.domain.question import Question, Tags

_ESCAPES = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06", "\\n": "\n", "\\\\": "\x07"}
_UNESCAPE = {"\x01": "~", "\x02": "=", "\x03": "#", "\x04": "{", "\x05": "}", "\x06": ":", "\x07": "\\"}
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _protect(text: str) -> str:
    for k, v in _ESCAPES.items():
        text = text.replace(k, v)
    return text


def _restore(text: str) -> str:
    for k, v in _UNESCAPE.items():
        text = text.replace(k, v)
    return text


@dataclass
class _Answer:
    marker: str  # "=" (right) or "~" (wrong, or weighted)
    text: str
    correct: bool
    weight: float | None
    feedback: str


class GiftImporter:
    format = "gift"
    extensions = (".gift",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        result = ImportResult(filename, self.format)
        text = _protect(decode_text(data, filename))
        category = Tags()
        passage: str | None = None
        for start, chunk, pairs in _chunks(text):
            where = f"line {start}"
            if chunk.startswith("$CATEGORY:"):
                category = category_tags(_restore(chunk.split(":", 1)[1]))
                passage = None
                continue
            try:
                q, is_passage = self._question(chunk, where, result)
            except ValueError as exc:
                result.warn(where, f"{exc}; question skipped")
                continue
            if is_passage:
                passage = f"p{len(result.passages) + 1}"
                result.passages[passage] = q.stem
                continue
            if q is None:
                continue
            q.tags = Tags(**category.to_json())
            apply_tag_pairs(q, pairs)
            q.group = passage
            q.number = len(result.questions) + 1
            q.source_ref = where
            result.questions.append(q)
        if not result.questions:
            raise RejectedFile("%(filename)s: no GIFT question found (a question text followed by its answers in {…})", filename=filename)
        return result

    def _question(self, chunk: str, where: str, result: ImportResult) -> tuple[Question | None, bool]:
        title = None
        if chunk.startswith("::"):
            end = chunk.find("::", 2)
            if end < 0:
                raise ValueError("a title opened with '::' is not closed")
            title, chunk = chunk[2:end].strip(), chunk[end + 2:]
        open_at = chunk.find("{")
        if open_at < 0:  # no answer block: a description
            return Question(QuestionType.ESSAY, self._content(chunk, where, result)), True
        close_at = chunk.rfind("}")
        if close_at < open_at:
            raise ValueError("the answer block '{' is not closed with '}'")
        before, block, after = chunk[:open_at], chunk[open_at + 1:close_at], chunk[close_at + 1:]
        if after.strip():  # "missing word": the answers stand for a blank inside the text
            before = f"{before.rstrip()} _____ {after.strip()}"
        stem = self._content(before, where, result)
        general = None
        if "####" in block:
            block, general = block.split("####", 1)
        q = self._answers(stem, block.strip(), where, result, title)
        if q is not None and general and general.strip():
            q.solution = self._content(general, where, result)
        return q, False

    def _answers(self, stem: Content, block: str, where: str, result: ImportResult, title: str | None) -> Question | None:
        if not block:
            return Question(QuestionType.ESSAY, stem)
        head = block.split("#", 1)[0].strip().upper()
        if head in ("T", "TRUE", "F", "FALSE"):
            return true_false_question(stem, head.startswith("T"))
        if block.startswith("#"):
            return self._numerical(stem, block[1:], where, result)
        answers = _split_answers(block)
        if not answers:
            raise ValueError("the answer block has no answer")
        if any("->" in a.text for a in answers):
            result.warn(where, f"matching question{f' {title!r}' if title else ''} has no equivalent in the bank; skipped")
            return None
        if any(a.marker == "~" for a in answers):  # "~" answers: multiple choice
            options = [(self._content(a.text, where, result), a.correct) for a in answers]
            weighted = any(a.weight is not None for a in answers)
            if not any(ok for _, ok in options) and not weighted:
                raise ValueError("no answer is marked right ('=' or a positive %weight%)")
            return choice_question(stem, options, multiple=weighted)
        # only "=" answers: short answer; the first full-credit one is the answer
        full = [a for a in answers if a.weight is None or a.weight >= 100]
        if len(answers) > 1:
            result.info(where, f"{len(answers)} accepted answers: the bank keeps '{_restore(full[0].text if full else answers[0].text)}'")
        return Question(QuestionType.SHORT_ANSWER, stem, answer=_restore((full or answers)[0].text).strip())

    def _numerical(self, stem: Content, block: str, where: str, result: ImportResult) -> Question:
        block = block.strip()
        if not block.startswith(("=", "~")):  # "#3:2" or "#3:2 ~#feedback for the rest": the first is the right one
            block = "=" + block
        answers = _split_answers(block)
        right = next((a for a in answers if a.correct and (a.weight is None or a.weight >= 100)), answers[0])
        value = right.text.split("#", 1)[0].strip()
        m = re.fullmatch(r"(-?[\d.]+)\s*(?::\s*([\d.]+))?", value)
        r = re.fullmatch(r"(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)", value)
        if r:
            lo, hi = float(r.group(1)), float(r.group(2))
            mid, tol = (lo + hi) / 2, (hi - lo) / 2
            result.info(where, f"numerical range {lo:g}..{hi:g} kept as {mid:g} ± {tol:g}")
            return Question(QuestionType.SHORT_ANSWER, stem, answer=_vn_number(mid), solution=None)
        if not m:
            raise ValueError(f"numerical answer {value!r} is not a number, 'value:tolerance' or 'min..max'")
        if m.group(2) and float(m.group(2)) != 0:
            result.info(where, f"tolerance ±{m.group(2)} is not kept (the bank compares short answers exactly)")
        return Question(QuestionType.SHORT_ANSWER, stem, answer=_vn_number(float(m.group(1))))

    @staticmethod
    def _content(text: str, where: str, result: ImportResult) -> Content:
        fmt = _FORMAT.match(text)
        body = _restore(text[fmt.end():] if fmt else text).strip()
        if fmt and fmt.group(1).lower() in ("html", "moodle"):
            return html_content(body, warn=lambda msg: result.warn(where, msg))
        return text_content(body)


def _vn_number(x: float) -> str:
    """As the bank writes short answers: decimal comma ("-47,5"), no trailing zeros."""
    return f"{x:g}".replace(".", ",")


def _split_answers(block: str) -> list[_Answer]:
    out: list[_Answer] = []
    for m in re.finditer(r"([=~])([^=~]*)", block):
        body = m.group(2)
        weight = None
        w = _WEIGHT.match(body.strip())
        if w:
            weight = float(w.group(1))
            body = body.strip()[w.end():]
        text, _, feedback = body.partition("#")
        correct = m.group(1) == "=" or (weight is not None and weight > 0)
        out.append(_Answer(m.group(1), text.strip(), correct, weight, feedback.strip()))
    return out


def _chunks(text: str) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """Questions are separated by blank lines; '//' comment lines are dropped, except our own
    "// qbank: subject=Toán | points=0.25" line, whose pairs go with the question after it."""
    chunks: list[tuple[int, str, list[tuple[str, str]]]] = []
    buf: list[str] = []
    pairs: list[tuple[str, str]] = []
    start = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("//"):
            m = re.match(r"\s*//\s*qbank:(.*)$", line)
            if m:
                pairs = [tuple(_restore(p).split("=", 1)) for p in m.group(1).split("|") if "=" in p]  # type: ignore[misc]
            continue
        if not line.strip():  # as in Moodle: a blank line always ends a question
            if buf:
                chunks.append((start, "\n".join(buf).strip(), pairs))
                buf, pairs = [], []
            continue
        if not buf:
            start = n
        buf.append(line)
    if buf:
        chunks.append((start, "\n".join(buf).strip(), pairs))
    return chunks
