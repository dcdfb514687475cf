"""Candidate results in: rows of (SBD, mã đề, responses) checked against the versions' keys and
mapped back to bank questions in their original option order.

A response is stored as the candidate gave it, translated to the bank question's own option
order so that statistics of one question agree across versions and years:
MCQ "A".."H" (original letter), "*" several letters (invalid), None omitted; true/false one
character per original statement, "Đ", "S" or "-" (not answered); short answer the text as
printed; essay the points awarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qbank.domain.answers import MCQ_LABELS, correct_index, tf_truth
from qbank.domain.enums import QuestionType
from qbank.domain.errors import ValidationError
from qbank.domain.exam import ExamPaper, QuestionId, Version
from qbank.domain.text import fold

INVALID = "*"
_UNSEEN = object()
MAX_CELL = 60
_SBD = {"sbd", "so bao danh", "candidate", "candidate id", "ma thi sinh", "ma hs", "ma hoc sinh"}
_VERSION = {"ma de", "made", "ma de thi", "version", "code", "de"}
_STRING = {"bai lam", "responses", "response", "tra loi", "chuoi tra loi", "phuong an chon"}
_PART_LABEL = re.compile(r"^\s*(?:phan\s*)?([ivx]+)\s*[.\-_/ ]\s*(?:cau\s*)?(\d+)\s*$")
_CAU_LABEL = re.compile(r"^\s*(?:cau|c|q|question)\s*\.?\s*(\d+)\s*$")
_TRUE = {"Đ": "Đ", "D": "Đ", "T": "Đ", "1": "Đ", "S": "S", "F": "S", "0": "S", "-": "-", "_": "-", ".": "-", "?": "-"}
_OMITTED = {"", "-", "_", ".", "?"}


@dataclass(frozen=True)
class ItemKey:
    """One bank question of an exam, in its original option order."""

    id: QuestionId
    type: QuestionType
    points: float
    n_options: int = 0
    correct: int | None = None  # MCQ: original index of the right option
    truth: tuple[bool, ...] = ()  # true/false: original statements
    answer: str | None = None  # short answer as in the bank

    @property
    def correct_letter(self) -> str | None:
        return MCQ_LABELS[self.correct] if self.correct is not None else None

    @property
    def dichotomous(self) -> bool:
        return self.type in (QuestionType.MCQ, QuestionType.SHORT_ANSWER)


def item_keys(paper: ExamPaper) -> list[ItemKey]:
    """The exam's questions in stored order with what scoring needs."""
    keys = []
    for part in paper.parts:
        for it in part.items:
            q = it.question
            keys.append(
                ItemKey(
                    it.id,
                    q.type,
                    float(paper.item_points(it) or 0.0),
                    len(q.options),
                    correct_index(q) if q.type == QuestionType.MCQ else None,
                    tuple(tf_truth(q)) if q.type == QuestionType.TRUE_FALSE else (),
                    None if q.answer is None or q.type != QuestionType.SHORT_ANSWER else str(q.answer),
                )
            )
    return keys


@dataclass
class RowProblem:
    row: int  # as the spreadsheet numbers it
    column: str  # "C (Câu 1)" or "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class CandidateResult:
    row: int
    candidate: str
    version: str
    responses: dict[str, str | None]  # str(question id) -> answer in the bank question's terms


@dataclass
class ParsedResults:
    candidates: list[CandidateResult] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# -- checking rows against the versions --------------------------------------------------------
@dataclass
class _Layout:
    """Where each printed question of one version comes from."""

    ids: list[QuestionId]  # printed order
    sids: list[str]  # the same as text: responses are keyed by str(id), as JSON stores them
    options: list[list[int]]  # original index of each printed option / statement
    labels: list[str]  # "I.1"


def _layouts(paper: ExamPaper) -> dict[str, _Layout]:
    out = {}
    for v in paper.versions:
        ids, options, labels = [], [], []
        for part in paper.parts:
            for number, il in enumerate(v.layout.get(part.key, []), start=1):
                ids.append(il.id)
                options.append(list(il.options))
                labels.append(f"{part.key}.{number}")
        out[v.code] = _Layout(ids, [str(i) for i in ids], options, labels)
    return out


def _question_columns(headers: list[str], first: int, labels: list[str]) -> list[int] | str:
    """Printed index of each question column, from "I.1"/"Câu 1" headers or by position; or a message."""
    found: list[int] = []
    by_label = {fold(lb): i for i, lb in enumerate(labels)}
    for h in headers[first:]:
        f = fold(h).strip()
        m = _PART_LABEL.match(f)
        if m and f"{m.group(1)}.{int(m.group(2))}" in by_label:
            found.append(by_label[f"{m.group(1)}.{int(m.group(2))}"])
            continue
        m = _CAU_LABEL.match(f)
        if m and 1 <= int(m.group(1)) <= len(labels):
            found.append(int(m.group(1)) - 1)
            continue
        found = []
        break
    if found:
        if len(set(found)) != len(found):
            return "two columns name the same question"
        return found
    return list(range(len(headers) - first))


def parse_results(paper: ExamPaper, rows: list[tuple[int, list[str]]]) -> ParsedResults:
    """Check every row (known mã đề, right number of answers, SBD once, readable answers) and map
    the responses to bank questions. Rows with problems are reported, never half-read."""
    out = ParsedResults()
    if not rows:
        out.problems.append(RowProblem(1, "", "the file is empty"))
        return out
    layouts = _layouts(paper)
    if not layouts:
        raise ValidationError("the exam has no versions", where="exam")
    keys = {k.id: k for k in item_keys(paper)}
    header_row, headers = rows[0]
    folded = [fold(h).strip() for h in headers]
    sbd_col = next((i for i, h in enumerate(folded) if h in _SBD), None)
    ver_col = next((i for i, h in enumerate(folded) if h in _VERSION), None)
    if sbd_col is None or ver_col is None:
        missing = "SBD" if sbd_col is None else "Mã đề"
        out.problems.append(RowProblem(header_row, "", f"no {missing} column in the header ({', '.join(headers[:5])}…)"))
        return out
    first = max(sbd_col, ver_col) + 1
    any_layout = next(iter(layouts.values()))
    n_items = len(any_layout.ids)
    string_col = first if len(headers) == first + 1 and (folded[first] in _STRING or n_items > 1) else None
    columns: list[int] | str = []
    if string_col is None:
        columns = _question_columns(headers, first, any_layout.labels)
        if isinstance(columns, str):
            out.problems.append(RowProblem(header_row, "", columns))
            return out
        if len(columns) != n_items:
            out.problems.append(RowProblem(header_row, "", f"{len(columns)} question columns, the exam has {n_items} questions"))
            return out
    seen: dict[str, int] = {}
    memo: dict[tuple[int, int], dict[str, str | None | ValueError]] = {}
    for number, cells in rows[1:]:
        out.rows_read += 1
        cells = cells + [""] * (len(headers) - len(cells))
        sbd = cells[sbd_col].strip()
        code = cells[ver_col].strip()
        if code.endswith(".0"):
            code = code[:-2]
        problems: list[RowProblem] = []
        if not sbd:
            problems.append(RowProblem(number, column_letter(sbd_col), "no SBD"))
        elif sbd in seen:
            problems.append(RowProblem(number, column_letter(sbd_col), f"duplicate SBD {sbd} (first on row {seen[sbd]})"))
        else:
            seen[sbd] = number
        layout = layouts.get(code)
        if layout is None:
            problems.append(RowProblem(number, column_letter(ver_col), f"unknown mã đề {code!r} (the exam has {', '.join(layouts)})"))
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            problems.append(RowProblem(number, column_letter(len(headers)), f"{len(cells) - first} answers, the exam has {n_items} questions"))
        if layout is not None and not problems:
            responses, cell_problems = _row_responses(number, cells, first, string_col, columns, headers, layout, keys, memo)
            problems += cell_problems
            if not problems:
                out.candidates.append(CandidateResult(number, sbd[:50], code, responses))
        out.problems += problems
    return out


def _split_string(text: str, layout: _Layout, keys: dict[QuestionId, ItemKey]) -> list[str] | str:
    """A response string split into one answer per printed question, or a message."""
    if "|" in text or ";" in text:
        parts = re.split(r"[|;]", text)
    elif all(keys[i].type == QuestionType.MCQ for i in layout.ids):
        parts = list(text)  # one letter per question; "-" (or "_", ".") for an omitted one
    else:
        return "answers to true/false and short-answer questions must be separated by | or ;"
    if len(parts) != len(layout.ids):
        return f"{len(parts)} answers, the exam has {len(layout.ids)} questions"
    return parts


def _row_responses(
    number: int,
    cells: list[str],
    first: int,
    string_col: int | None,
    columns: list[int] | str,
    headers: list[str],
    layout: _Layout,
    keys: dict[QuestionId, ItemKey],
    memo: dict[tuple[int, int], dict[str, str | None | ValueError]],
) -> tuple[dict[str, str | None], list[RowProblem]]:
    problems: list[RowProblem] = []
    if string_col is not None:
        split = _split_string(cells[string_col].strip(), layout, keys)
        if isinstance(split, str):
            return {}, [RowProblem(number, f"{column_letter(string_col)} ({headers[string_col]})", split)]
        answers = list(enumerate(split))
    else:
        assert isinstance(columns, list)
        answers = [(p, cells[first + c]) for c, p in enumerate(columns)]
    responses: dict[str, str | None] = {}
    layout_id = id(layout)
    for n, (printed, text) in enumerate(answers):
        qid = layout.ids[printed]
        # A column holds a handful of distinct answers ("A".."D", 16 Đ/S patterns): read each once.
        seen = memo.setdefault((layout_id, printed), {})
        value = seen.get(text, _UNSEEN)
        if value is _UNSEEN:
            try:
                value = normalise(keys[qid], text, layout.options[printed])
            except ValueError as exc:
                value = exc
            seen[text] = value
        if isinstance(value, ValueError):
            if string_col is not None:
                col = f"{column_letter(string_col)} ({headers[string_col]}), answer {n + 1}"
            else:
                assert isinstance(columns, list)
                col = f"{column_letter(first + n)} ({headers[first + n]})"
            problems.append(RowProblem(number, col, str(value)))
        else:
            responses[layout.sids[printed]] = value  # type: ignore[assignment]
    return responses, problems


def normalise(key: ItemKey, text: str, printed_options: list[int]) -> str | None:
    """One printed answer in the bank question's original terms; ``ValueError`` says what is wrong."""
    text = text.strip()
    if len(text) > MAX_CELL:
        raise ValueError(f"answer longer than {MAX_CELL} characters")
    if key.type == QuestionType.MCQ:
        letters = re.sub(r"[\s,/+&]", "", text.upper())
        if letters in _OMITTED:
            return None
        if letters == INVALID:
            return INVALID
        allowed = MCQ_LABELS[: len(printed_options)]
        if any(ch not in allowed for ch in letters):
            raise ValueError(f"{text!r} is not an option ({allowed[0]}–{allowed[-1]})")
        if len(set(letters)) > 1:
            return INVALID
        return MCQ_LABELS[printed_options[allowed.index(letters[0])]]
    if key.type == QuestionType.TRUE_FALSE:
        chars = re.sub(r"[\s,/]", "", text.upper())
        if chars in {"", "-"}:
            return None
        n = len(printed_options)
        if chars.isdigit() and len(chars) < n and set(chars) <= {"0", "1"}:
            chars = chars.zfill(n)  # Excel dropped the leading zeros of "0101"
        if len(chars) != n or any(ch not in _TRUE for ch in chars):
            raise ValueError(f"{text!r} is not {n} marks of Đ/S (or T/F, 1/0)")
        original = ["-"] * n
        for printed, ch in enumerate(chars):
            original[printed_options[printed]] = _TRUE[ch]
        return "".join(original)
    if key.type == QuestionType.SHORT_ANSWER:
        return None if text in _OMITTED else text
    # Essays: the points the marker gave.
    if text in _OMITTED:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a number of points") from None
    if not 0 <= value <= key.points + 1e-9:
        raise ValueError(f"{text} points is outside 0–{key.points:g}")
    return f"{value:g}"


def version_codes(paper: ExamPaper) -> list[str]:
    return [v.code for v in paper.versions]


def printed_key(version: Version) -> list[str]:
    """The key as a response string (for test data and templates)."""
    return [k.answer_text() for k in version.key]
