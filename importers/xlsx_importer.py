"""Excel question banks: one question per row under a recognisable header, on any sheet."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from importers.base import ImportResult
from importers.safety import check_package
from importers.xlsx_headers import Header, find_header
from importers.xlsx_images import Picture, sheet_pictures
from importers.xlsx_values import (
    display,
    looks_true_false,
    normalise_level,
    normalise_subject,
    parse_choice,
    parse_grade,
    parse_true_false,
    parse_type,
)
from qbank.domain.content import Content, Image, Paragraph
from qbank.domain.enums import QuestionType
from qbank.domain.errors import RejectedFile
from qbank.domain.question import Option, Question, Tags
from qbank.domain.text import clean, parse_decimal

MAX_ROWS = 20_000  # a bank sheet beyond this is almost certainly formatting run wild
MAX_COLS = 64
HEADER_EXPECTED = "STT | Câu hỏi | A | B | C | D | Đáp án"


@dataclass
class _Sheet:
    """One worksheet as plain grids: values (merged cells filled down) and number formats."""

    name: str
    values: list[list[Any]]
    formats: list[list[str]]
    formulas: set[tuple[int, int]] = field(default_factory=set)  # cells whose formula has no saved value
    pictures: list[Picture] = field(default_factory=list)

    def ref(self, row: int, col: int) -> str:
        return f"{_quote_sheet(self.name)}!{get_column_letter(col + 1)}{row + 1}"

    def text(self, row: int, col: int | None) -> str:
        if col is None or col >= len(self.values[row]):
            return ""
        return display(self.values[row][col], self.formats[row][col])

    def raw(self, row: int, col: int | None) -> Any:
        if col is None or col >= len(self.values[row]):
            return None
        return self.values[row][col]


class XlsxImporter:
    """Reads .xlsx question banks (TT | Câu hỏi | A..D | Đáp án | Chủ đề | Mức độ ...)."""

    format = "xlsx"
    extensions = (".xlsx",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        check_package(data, filename, "xlsx")
        result = ImportResult(source=filename, format=self.format)
        sheets = _load_sheets(data, filename, result)
        try:
            pictures = sheet_pictures(data)
        except RejectedFile as exc:
            pictures = {}
            result.warn("workbook", f"the pictures could not be read ({exc}); questions imported without them")
        found_header = False
        for sheet in sheets:
            header = find_header(sheet.values)
            if header is None:
                if any(any(v not in (None, "") for v in row) for row in sheet.values):
                    result.info(_quote_sheet(sheet.name), "no question table header on this sheet; sheet skipped")
                continue
            found_header = True
            sheet.pictures = pictures.get(sheet.name, [])
            _report_ignored_columns(sheet, header, result)
            _read_meta(sheet, header, result)
            before = len(result.questions)
            _SheetReader(sheet, header, result).read()
            if len(result.questions) == before:
                result.warn(_quote_sheet(sheet.name), "the sheet has a question table but no question rows")
        if not found_header:
            result.error(
                "workbook",
                "no sheet has a question table: expected a header row such as " + HEADER_EXPECTED,
            )
        _fill_meta_from_questions(result)
        return result


# -- loading -----------------------------------------------------------------------------


def _load_sheets(data: bytes, filename: str, result: ImportResult) -> list[_Sheet]:
    # Full (not read-only) mode: merged ranges are needed, and on a 5,000-row bank it costs
    # about the same (0.87 s vs 0.77 s measured here).
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats)
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except RejectedFile:
        raise
    except Exception as exc:  # openpyxl raises many types for a malformed workbook
        raise RejectedFile(f"{filename}: Excel cannot read this workbook ({type(exc).__name__}: {exc})") from None
    formula_cells = _formula_cells_without_values(data, book)
    sheets: list[_Sheet] = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            result.info(_quote_sheet(ws.title), "hidden sheet skipped")
            continue
        sheets.append(_grid(ws, formula_cells.get(ws.title, set()), result))
    return sheets


def _grid(ws: Worksheet, formulas: set[tuple[int, int]], result: ImportResult) -> _Sheet:
    max_row = min(ws.max_row, MAX_ROWS)
    max_col = min(ws.max_column, MAX_COLS)
    if ws.max_row > MAX_ROWS:
        result.warn(_quote_sheet(ws.title), f"only the first {MAX_ROWS} rows were read")
    values: list[list[Any]] = []
    formats: list[list[str]] = []
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        values.append([c.value for c in row])
        formats.append([c.number_format for c in row])
    # A merged topic cell spanning rows applies to each row; a merge across columns (a title,
    # a section heading, a stem over empty option cells) stays in its first cell only.
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        if top >= len(values) or left >= max_col:
            continue
        for r in range(top + 1, min(rng.max_row, len(values))):
            values[r][left] = values[top][left]
            formats[r][left] = formats[top][left]
    return _Sheet(ws.title, values, formats, formulas)


def _formula_cells_without_values(data: bytes, book: Any) -> dict[str, set[tuple[int, int]]]:
    """Cells holding a formula Excel never calculated (files written by scripts): their value is lost."""
    # Cheap check first: only workbooks with formulas pay for a second, formula-preserving load.
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if not any(n.startswith("xl/worksheets/") and b"<f" in zf.read(n) for n in zf.namelist() if n.endswith(".xml")):
            return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    out: dict[str, set[tuple[int, int]]] = {}
    for ws in formulas.worksheets:
        cached = book[ws.title]
        for row in ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS), max_col=min(ws.max_column, MAX_COLS)):
            for c in row:
                if c.data_type == "f" and cached.cell(c.row, c.column).value is None:
                    out.setdefault(ws.title, set()).add((c.row - 1, c.column - 1))
    return out


# -- title rows and meta -------------------------------------------------------------------

_SUBJECT = re.compile(
    r"\bmôn(?:\s+học)?\s*[:\-]?\s*(.+?)(?=\s*[-–,;.(]?\s*\b(?:lớp|khối|năm học|thời gian|năm)\b|\s*[-–,;(]|$)",
    re.IGNORECASE,
)
_GRADE = re.compile(r"\b(?:lớp|khối)\s*[:\-]?\s*(1[0-2]|[1-9])(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2})\s*[-–/]\s*(20\d{2})\b")
_DEPARTMENT = re.compile(
    r"(?:\bsở\s+(?:giáo\s+dục|gd)\s*(?:và|&|và\s+)?\s*(?:đào\s+tạo|đt)?|\bđơn\s+vị)\s*[:\-]?\s*(.+?)(?=\s*[-–,;(]|$)",
    re.IGNORECASE,
)


def _read_meta(sheet: _Sheet, header: Header, result: ImportResult) -> None:
    """Subject, grade, year and department from the title rows above the header."""
    meta = result.meta
    for r in range(header.row):
        for c in range(len(sheet.values[r])):
            text = sheet.text(r, c)
            if not text:
                continue
            text = clean(text)
            meta.setdefault("title", text)
            if "subject" not in meta and (m := _SUBJECT.search(text)):
                meta["subject"] = normalise_subject(m.group(1))
            if "grade" not in meta and (m := _GRADE.search(text)):
                meta["grade"] = int(m.group(1))
            if "year" not in meta and (m := _YEAR.search(text)):
                meta["year"] = f"{m.group(1)}-{m.group(2)}"
            if "department" not in meta and (m := _DEPARTMENT.search(text)):
                dept = clean(m.group(1))
                meta["department"] = dept.title() if dept.isupper() else dept


def _report_ignored_columns(sheet: _Sheet, header: Header, result: ImportResult) -> None:
    used = set(header.columns.values())
    row = sheet.values[header.row]
    ignored = [
        f"{get_column_letter(c + 1)} ({clean(str(v))})"
        for c, v in enumerate(row)
        if c not in used and v not in (None, "") and clean(str(v))
    ]
    if ignored:
        result.info(_quote_sheet(sheet.name), "columns not imported: " + ", ".join(ignored))


def _fill_meta_from_questions(result: ImportResult) -> None:
    """A bank whose subject/grade columns agree on one value states it for the whole file."""
    for key in ("subject", "grade"):
        if result.meta.get(key) is not None:
            continue
        values = Counter(getattr(q.tags, key) for q in result.questions)
        values.pop(None, None)
        if len(values) == 1:
            result.meta[key] = next(iter(values))


# -- rows ------------------------------------------------------------------------------------


class _SheetReader:
    """Turns the rows under one header into questions, skipping bad rows with a message."""

    def __init__(self, sheet: _Sheet, header: Header, result: ImportResult):
        self.sheet = sheet
        self.header = header
        self.result = result
        self.cols = header.columns
        self.section: str | None = None
        self.count = 0

    def read(self) -> None:
        pictures: dict[int, list[Picture]] = {}
        for pic in self.sheet.pictures:
            pictures.setdefault(pic.row, []).append(pic)
        for r in range(self.header.row + 1, len(self.sheet.values)):
            self._warn_lost_formulas(r)
            question = self._row(r)
            if question is not None:
                self.count += 1
                if question.number is None:
                    question.number = self.count
                self._attach_pictures(question, pictures.pop(r, []))
                self.result.questions.append(question)
        for row, pics in sorted(pictures.items()):
            if row > self.header.row:
                self.result.warn(
                    self.sheet.ref(row, pics[0].col), f"{len(pics)} picture(s) on a row with no question; not imported"
                )

    def _attach_pictures(self, q: Question, pics: list[Picture]) -> None:
        """A picture over an option cell belongs to that option, anywhere else on the row to the stem."""
        by_col = {c: label for label, c in self.header.option_columns}
        for pic in pics:
            sha = self.result.add_blob(pic.data, pic.mime)
            image = Image(sha, pic.mime, pic.width_emu, pic.height_emu, pic.alt)
            label = by_col.get(pic.col)
            target = next((o.content for o in q.options if label and o.label.upper() == label), q.stem)
            target.blocks.append(Paragraph([image]))

    # small accessors
    def col(self, fld: str) -> int | None:
        return self.cols.get(fld)

    def text(self, r: int, fld: str) -> str:
        return self.sheet.text(r, self.col(fld))

    def ref(self, r: int, fld: str) -> str:
        col = self.col(fld)
        return self.sheet.ref(r, col if col is not None else self.cols["stem"])

    def _warn_lost_formulas(self, r: int) -> None:
        for row, col in sorted(self.sheet.formulas):
            if row == r and col in self.cols.values():
                self.result.warn(
                    self.sheet.ref(row, col),
                    "this cell holds a formula whose result was never saved: open the file in Excel and save it again",
                )

    def _row(self, r: int) -> Question | None:
        stem = self.text(r, "stem")
        options = [(label, self.sheet.text(r, c), c) for label, c in self.header.option_columns]
        filled = [(label, text) for label, text, _ in options if text]
        answer = self.text(r, "answer")
        if not stem:
            if filled or answer:
                what = "options" if filled else "an answer"
                self.result.error(self.ref(r, "stem"), f"no question text, but the row has {what}; row skipped")
            else:
                self._maybe_section(r)
            return None
        qtype = self._type(r, filled, answer)
        q = Question(type=qtype, stem=Content.from_text(stem), source_ref=self.ref(r, "stem"), section=self.section)
        index = len(self.result.questions)
        if qtype is QuestionType.MCQ:
            if not self._mcq(q, r, filled, answer, index):
                return None
        elif qtype is QuestionType.TRUE_FALSE:
            if not self._true_false(q, r, filled, answer, index):
                return None
        else:
            if filled:
                self.result.warn(self.ref(r, "stem"), f"{_TYPE_NAMES[qtype]} question: its options were ignored", index)
            if qtype is QuestionType.SHORT_ANSWER:
                q.answer = answer or None
                if not answer:
                    self.result.warn(self.ref(r, "answer"), "short-answer question without an answer", index)
        q.number = self._number(r)
        q.points = self._points(r, index)
        solution = self.text(r, "solution")
        if qtype is QuestionType.ESSAY and answer:
            # an essay's "answer" cell is its model answer
            solution = f"{answer}\n{solution}" if solution else answer
        if solution:
            q.solution = Content.from_text(solution)
        q.tags = self._tags(r)
        return q

    def _maybe_section(self, r: int) -> None:
        """A row holding one piece of text and nothing else is a section heading ("PHẦN I. ...")."""
        cells = [(c, self.sheet.text(r, c)) for c in range(len(self.sheet.values[r]))]
        texts = [(c, t) for c, t in cells if t]
        if len(texts) == 1 and not re.fullmatch(r"[\d.,\s]+", texts[0][1]):
            c, t = texts[0]
            if c != self.col("number") or not re.fullmatch(r"(?i)(câu|question)?\s*\d+[.:]?", t):
                self.section = clean(t)

    def _type(self, r: int, filled: list[tuple[str, str]], answer: str) -> QuestionType:
        written = self.text(r, "type")
        if written:
            qtype = parse_type(written)
            if qtype is not None:
                return qtype
            self.result.warn(self.ref(r, "type"), f"unknown question type {written!r}; type guessed from the row")
        if filled:
            marks = parse_true_false(answer) if answer else None
            if marks and looks_true_false(answer) and len(marks) == len(filled) and len(filled) >= 2:
                return QuestionType.TRUE_FALSE
            return QuestionType.MCQ
        return QuestionType.SHORT_ANSWER if answer else QuestionType.ESSAY

    def _mcq(self, q: Question, r: int, filled: list[tuple[str, str]], answer: str, index: int) -> bool:
        if len(filled) < 2:
            self.result.error(self.ref(r, "stem"), "multiple-choice question with fewer than two options; row skipped")
            return False
        labels = "".join(label for label, _ in filled)
        present = [label for label, _ in self.header.option_columns]
        gaps = [label for label in present[: present.index(filled[-1][0]) + 1] if label not in labels]
        if gaps:
            self.result.warn(self.ref(r, "stem"), f"option {', '.join(gaps)} is empty", index)
        q.options = [Option(label, Content.from_text(text)) for label, text in filled]
        if not answer:
            self.result.warn(self.ref(r, "answer"), "no answer given; imported as a draft", index)
            return True
        choice = parse_choice(answer, labels)
        if choice is None:
            by_text = [label for label, text in filled if text.casefold() == answer.casefold()]
            choice = by_text[:1] or None
        if choice is None:
            self.result.warn(
                self.ref(r, "answer"), f"answer {answer!r} is not an option letter; imported as a draft", index
            )
            return True
        missing = [c for c in choice if c not in labels]
        if missing:
            self.result.error(
                self.ref(r, "answer"), f"answer {answer.strip()!r} but the row has no option {missing[0]}; row skipped"
            )
            return False
        for option in q.options:
            option.correct = option.label in choice
        q.answer = choice[0] if len(choice) == 1 else ",".join(choice)
        if len(choice) > 1:
            self.result.warn(self.ref(r, "answer"), f"more than one right answer ({q.answer})", index)
        return True

    def _true_false(self, q: Question, r: int, filled: list[tuple[str, str]], answer: str, index: int) -> bool:
        if not filled:
            self.result.error(self.ref(r, "stem"), "true/false question without statements; row skipped")
            return False
        q.options = [Option(label.lower(), Content.from_text(text)) for label, text in filled]
        marks = parse_true_false(answer) if answer else None
        if not answer:
            self.result.warn(self.ref(r, "answer"), "no answer given; imported as a draft", index)
        elif marks is None or len(marks) != len(filled):
            self.result.warn(
                self.ref(r, "answer"),
                f"answer {answer!r} does not give Đ or S for each of the {len(filled)} statements; imported as a draft",
                index,
            )
        else:
            q.answer = marks
            for option, mark in zip(q.options, marks, strict=True):
                option.correct = mark == "Đ"
        return True

    def _number(self, r: int) -> int | None:
        raw = self.sheet.raw(r, self.col("number"))
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
            return int(raw)
        if isinstance(raw, str) and (m := re.fullmatch(r"\s*(?:câu|cau|question|q)?\s*(\d+)\s*[.:)]?\s*", raw, re.I)):
            return int(m.group(1))
        return None

    def _points(self, r: int, index: int) -> float | None:
        raw = self.sheet.raw(r, self.col("points"))
        if raw is None or raw == "":
            return None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        points = parse_decimal(str(raw))
        if points is None:
            self.result.warn(self.ref(r, "points"), f"points {raw!r} is not a number; ignored", index)
        return points

    def _tags(self, r: int) -> Tags:
        meta = self.result.meta
        tags = Tags(
            subject=meta.get("subject"),
            grade=meta.get("grade"),
            school_year=meta.get("year"),
            department=meta.get("department"),
        )
        if topic := self.text(r, "topic"):
            tags.topic = clean(topic)
        if level := self.text(r, "level"):
            tags.level = normalise_level(level)
        if subject := self.text(r, "subject"):
            tags.subject = normalise_subject(subject)
        grade = parse_grade(self.sheet.raw(r, self.col("grade")))
        if grade is not None:
            tags.grade = grade
        difficulty = self.sheet.raw(r, self.col("difficulty"))
        if isinstance(difficulty, (int, float)) and not isinstance(difficulty, bool):
            tags.difficulty = float(difficulty)
        elif isinstance(difficulty, str) and (d := parse_decimal(difficulty)) is not None:
            tags.difficulty = d
        return tags


_TYPE_NAMES = {
    QuestionType.MCQ: "multiple-choice",
    QuestionType.TRUE_FALSE: "true/false",
    QuestionType.SHORT_ANSWER: "short-answer",
    QuestionType.ESSAY: "essay",
}


def _quote_sheet(name: str) -> str:
    """Excel's own reference form: 'Ngân hàng'!B5 needs quotes, Sheet1!B5 does not."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"
