"""Rows under one header become questions; a row that cannot be read is skipped, naming its cell."""

from __future__ import annotations

import re
from collections import Counter

from importers.base import ImportResult
from importers.xlsx.cell_options import MCQ_LABELS, STATEMENT_LABELS, split_options
from importers.xlsx.headers import Header, later_headers
from importers.xlsx.images import Picture
from importers.xlsx.sheet import Sheet
from importers.xlsx.values import (
    level_legend,
    looks_true_false,
    normalise_level,
    normalise_subject,
    numbered_level,
    parse_choice,
    parse_grade,
    parse_true_false,
    parse_type,
)
from qbank.domain.content import Content, Image, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.question import Option, Question, Tags
from qbank.domain.render import to_text
from qbank.domain.text import clean, parse_decimal

# Columns whose merged cell, spanning rows, applies to each row (a topic written once for a block).
_FILLED = ("topic", "level", "grade", "subject", "type", "points", "difficulty", "section")
_SECTION = re.compile(r"(?i)^\s*(?:phần|phan|part|section|chương)\s+[\dIVX]+\b|^\s*[IVX]+\s*[.:]\s")
_STATEMENT = re.compile(r"^\s*([a-f])\s*[).]\s+(?=\S)")
_STEM_LABEL = re.compile(r"^\s*(?:câu|cau|question|q)\s*(\d+)\s*[.:)]\s*", re.IGNORECASE)
_TYPE_NAMES = {
    QuestionType.MCQ: "multiple-choice",
    QuestionType.TRUE_FALSE: "true/false",
    QuestionType.SHORT_ANSWER: "short-answer",
    QuestionType.ESSAY: "essay",
}


class SheetReader:
    """Reads the rows of one sheet under its header into ``result.questions``."""

    def __init__(self, sheet: Sheet, header: Header, result: ImportResult, defaults: dict | None = None):
        self.sheet = sheet
        self.header = header
        self.first_row = header.row
        self.result = result
        # tags for fields the rows leave out: subject, grade, year, department, topic, level
        self.defaults = result.meta if defaults is None else defaults
        self.cols = header.columns
        self.section: str | None = None
        self.count = 0
        # a true/false question whose statements follow on their own rows ("a) ...", Đ/S)
        self.pending: Question | None = None
        self.pending_marks: list[str | None] = []
        # the header repeated further down starts a table of its own (its columns may differ)
        self.tables = {h.top: h for h in later_headers(sheet.values, header)}
        self._use(header)
        self.lost_formulas: dict[int, list[int]] = {}
        for row, col in sorted(sheet.formulas):
            self.lost_formulas.setdefault(row, []).append(col)

    def read(self) -> None:
        pictures: dict[int, list[Picture]] = {}
        for pic in self.sheet.pictures:
            pictures.setdefault(pic.row, []).append(pic)
        r = self.header.row
        while r + 1 < len(self.sheet.values):
            r += 1
            if r in self.tables:
                self._finish_pending()
                self._use(self.tables[r])
                self.result.info(self.sheet.ref(r, self.cols["stem"]), "the header row again: a new table starts here")
                r = self.header.row
                continue
            self._warn_lost_formulas(r)
            if self.pending is not None and self._statement(r):
                continue
            question = self._row(r)
            if question is None:
                continue
            self._finish_pending()
            self.count += 1
            if question.number is None:
                question.number = self.count
            self._attach_pictures(question, pictures.pop(r, []))
            self.result.questions.append(question)
            if question.type is QuestionType.TRUE_FALSE and not question.options and question.answer is None:
                self.pending, self.pending_marks = question, []
        self._finish_pending()
        for row, pics in sorted(pictures.items()):
            if row > self.first_row:
                self.result.warn(
                    self.sheet.ref(row, pics[0].col), f"{len(pics)} picture(s) on a row with no question; not imported"
                )

    def _use(self, header: Header) -> None:
        """Read the rows below ``header`` (up to the next header) by its columns."""
        self.header, self.cols = header, header.columns
        self.end = min((top for top in self.tables if top > header.row), default=len(self.sheet.values))
        self.numbered = self._mostly_numbered()
        self.level_legend, self.numbered_levels = self._level_numbers()

    # -- cell access ---------------------------------------------------------------------
    def col(self, fld: str) -> int | None:
        return self.cols.get(fld)

    def text(self, r: int, fld: str) -> str:
        return self.sheet.text(r, self.col(fld), fill=fld in _FILLED)

    def raw(self, r: int, fld: str) -> object:
        return self.sheet.raw(r, self.col(fld), fill=fld in _FILLED)

    def ref(self, r: int, fld: str) -> str:
        col = self.col(fld)
        return self.sheet.ref(r, col if col is not None else self.cols["stem"])

    # -- one row -------------------------------------------------------------------------
    def _row(self, r: int) -> Question | None:
        stem_col = self.cols["stem"]
        stem = self.text(r, "stem")
        options = [(label, self.sheet.text(r, c), c) for label, c in self.header.option_columns]
        filled = [(label, text, c) for label, text, c in options if text]
        answer = self.text(r, "answer")
        if self.header.right_first and [label for label, _, _ in filled] == ["A"]:
            # the right-answer column alone, no wrong options: a short answer
            answer, filled = filled[0][1], []
        if not stem:
            if self.sheet.continues_merge(r, stem_col):
                if filled or answer:
                    self.result.warn(
                        self.sheet.ref(r, stem_col),
                        "this row continues a merged question cell above; its other cells were not read",
                    )
            elif filled or answer:
                what = "options" if filled else "an answer"
                self.result.error(self.ref(r, "stem"), f"no question text, but the row has {what}; row skipped")
            else:
                self._maybe_section(r)
            return None
        if not filled and not answer and self._lone_text(r, stem_col):
            if re.match(_SECTION, stem):
                self.section = clean(stem.replace("\n", " "))
                return None
            if self.numbered:
                # a footer or a note ("Người ra đề: ...", "Tổng: 40 câu") in a numbered bank
                self.result.info(self.sheet.ref(r, stem_col), "text with no number, options or answer; not a question")
                return None
        content = self.sheet.content(r, stem_col)
        in_cell = None if filled else self._options_in_cell(r, content, answer)
        if in_cell is not None:
            qtype, content, cell_options = in_cell
            filled = [(o.label, to_text(o.content), stem_col) for o in cell_options]
        else:
            qtype, cell_options = self._type(r, filled, answer), None
        label_number = _strip_label(content, _STEM_LABEL)
        section = clean(self.text(r, "section").replace("\n", " ")) or self.section
        q = Question(type=qtype, stem=content, source_ref=self.sheet.ref(r, stem_col), section=section)
        index = len(self.result.questions)
        if qtype is QuestionType.MCQ:
            if not self._mcq(q, r, filled, answer, index, cell_options):
                return None
        elif qtype is QuestionType.TRUE_FALSE:
            if not self._true_false(q, r, filled, answer, index, cell_options):
                return None
        else:
            if filled:
                self.result.warn(self.ref(r, "stem"), f"{_TYPE_NAMES[qtype]} question: its options were ignored", index)
            if qtype is QuestionType.SHORT_ANSWER:
                q.answer = answer or None
                if not answer:
                    self.result.warn(self.ref(r, "answer"), "short-answer question without an answer", index)
        q.number = self._number(r)
        if q.number is None and label_number is not None:
            q.number = int(label_number)
        q.points = self._points(r, index)
        solution_col = self.col("solution")
        solution = self.sheet.content(r, solution_col) if self.text(r, "solution") else None
        if qtype is QuestionType.ESSAY and answer:
            # an essay's "answer" cell is its model answer
            model = self.sheet.content(r, self.cols["answer"])
            if solution is not None:
                model.extend(solution)
            solution = model
        q.solution = solution
        q.tags = self._tags(r)
        return q

    def _mostly_numbered(self) -> bool:
        """True when most rows with question text also have a number (so an unnumbered one is odd)."""
        number, stem = self.col("number"), self.cols["stem"]
        if number is None:
            return False
        texts = [(r, self.sheet.text(r, stem)) for r in range(self.header.row + 1, self.end)]
        rows = [r for r, text in texts if text and not _SECTION.match(text) and not _STATEMENT.match(text)]
        return sum(1 for r in rows if self.sheet.text(r, number)) * 2 >= len(rows) > 0

    def _level_numbers(self) -> tuple[dict[int, str], bool]:
        """A level column written as numbers: the legend its header gives ("Mức độ (1: NB, 2: TH, ...)"),
        and whether its values are read as level numbers (a legend, or every value a whole number 1..4)."""
        legend = level_legend(self.header.names.get("level", ""))
        if legend:
            return legend, True
        if self.col("level") is None:
            return {}, False
        values = [self.raw(r, "level") for r in range(self.header.row + 1, self.end)]
        values = [v for v in values if v is not None and str(v).strip()]
        return {}, bool(values) and all(numbered_level(v) is not None for v in values)

    def _lone_text(self, r: int, col: int) -> bool:
        """True when ``col`` is the only non-empty cell of row ``r``."""
        return not any(self.sheet.text(r, c) for c in range(len(self.sheet.values[r])) if c != col)

    def _maybe_section(self, r: int) -> None:
        """A row holding one piece of text and nothing else is a section heading ("PHẦN I. ...")."""
        texts = [(c, self.sheet.text(r, c)) for c in range(len(self.sheet.values[r]))]
        texts = [(c, t) for c, t in texts if t]
        if len(texts) != 1 or re.fullmatch(r"[\d.,\s]+", texts[0][1]):
            return
        c, t = texts[0]
        if c == self.col("number") and re.fullmatch(r"(?i)(câu|question)?\s*\d+[.:]?", t):
            return
        self.section = clean(t)

    def _type(self, r: int, filled: list[tuple[str, str, int]], answer: str) -> QuestionType:
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

    def _options_in_cell(
        self, r: int, content: Content, answer: str
    ) -> tuple[QuestionType, Content, list[Option]] | None:
        """The stem cell holds the options too: "stem\nA. ...\nB. ...", or true/false statements
        "stem\na) ...\nb) ..." with an answer such as "ĐSĐĐ". The cell is split only when the
        answer fits (a letter among the options, an option's text, or one Đ/S per statement)."""
        written = parse_type(self.text(r, "type")) if self.text(r, "type") else None
        if written is None and self.text(r, "type"):
            return None  # _type names the unknown type and guesses
        if written not in (None, QuestionType.MCQ, QuestionType.TRUE_FALSE):
            return None
        marks = parse_true_false(answer) if answer and looks_true_false(answer) else None
        if written is not QuestionType.MCQ and marks is not None:
            split = split_options(content, STATEMENT_LABELS)
            if split is not None and len(split[1]) == len(marks):
                stem, statements = split
                return QuestionType.TRUE_FALSE, stem, [Option(o.label, o.content) for o in statements]
        if written is QuestionType.TRUE_FALSE:
            return None
        split = split_options(content, MCQ_LABELS)
        if split is None:
            return None
        stem, options = split
        labels = "".join(o.label for o in options)
        texts = [to_text(o.content).casefold() for o in options]
        fits = (
            not answer
            or parse_choice(answer, labels, numbered=False) is not None
            or answer.casefold() in texts
            or written is QuestionType.MCQ
        )
        return (QuestionType.MCQ, stem, [Option(o.label, o.content) for o in options]) if fits else None

    def _options(self, r: int, filled: list[tuple[str, str, int]], lower: bool = False) -> list[Option]:
        options = [Option(label.lower() if lower else label, self.sheet.content(r, c)) for label, _, c in filled]
        # "A. 15" in the A column: strip the letter only when every option repeats its own
        if all(re.match(rf"\s*{label}\s*[.):]\s*\S", text, re.I) for label, text, _ in filled):
            for option in options:
                _strip_label(option.content, re.compile(rf"^\s*{option.label}\s*[.):]\s*", re.I))
        return options

    def _mcq(
        self,
        q: Question,
        r: int,
        filled: list[tuple[str, str, int]],
        answer: str,
        index: int,
        cell_options: list[Option] | None = None,
    ) -> bool:
        if len(filled) < 2:
            self.result.error(self.ref(r, "stem"), "multiple-choice question with fewer than two options; row skipped")
            return False
        labels = "".join(label for label, _, _ in filled)
        present = [label for label, _ in self.header.option_columns]
        if cell_options is None:
            gaps = [label for label in present[: present.index(filled[-1][0]) + 1] if label not in labels]
            if gaps:
                self.result.warn(self.ref(r, "stem"), f"option {', '.join(gaps)} is empty", index)
        q.options = self._options(r, filled) if cell_options is None else cell_options
        if self.header.right_first:
            if labels[0] != "A":
                self.result.warn(self.ref(r, "stem"), "the right option's cell is empty; imported as a draft", index)
                return True
            choice = ["A"]
        elif not answer:
            choice = self._marked_choice(q, r, filled, index)
            if choice is None:
                self.result.warn(self.ref(r, "answer"), "no answer given; imported as a draft", index)
                return True
        else:
            by_text = [label for label, text, _ in filled if text.casefold() == answer.casefold()]
            choice = parse_choice(answer, labels, numbered=False)
            if choice is None and answer.strip().isdigit():
                # "4" is the 4th option when options are numbered (Option1..4, "Đáp án (1-4)"),
                # else the option that reads 4 if there is exactly one
                if self.header.numbered_answers or len(by_text) != 1:
                    choice = parse_choice(answer, labels)
            if choice is None:
                choice = by_text[:1] or None
            if choice is None:
                self.result.warn(
                    self.ref(r, "answer"), f"answer {answer!r} is not an option letter; imported as a draft", index
                )
                return True
            missing = [c for c in choice if c not in labels]
            if missing:
                self.result.error(
                    self.ref(r, "answer"),
                    f"answer {answer.strip()!r} but the row has no option {missing[0]}; row skipped",
                )
                return False
        for option in q.options:
            option.correct = option.label in choice
        q.answer = choice[0] if len(choice) == 1 else ",".join(choice)
        if len(choice) > 1:
            self.result.warn(self.ref(r, "answer"), f"more than one right answer ({q.answer})", index)
        return True

    def _marked_choice(self, q: Question, r: int, filled: list[tuple[str, str, int]], index: int) -> list[str] | None:
        """No answer cell: an option starting with "*", or the one bold/underlined/red option."""
        starred = [o for o in q.options if _first_text(o.content).lstrip().startswith("*")]
        if len(starred) == 1:
            _strip_label(starred[0].content, re.compile(r"^\s*\*\s*"))
            self.result.info(self.ref(r, "answer"), f"answer {starred[0].label} taken from its * mark", index)
            return [starred[0].label]
        cells = {c for _, _, c in filled}
        if len(cells) < 2:
            return None
        # the one option whose text is bold, underlined or coloured; else the one whose cell is filled,
        # or filled in another colour than the others (a row shaded all across)
        marked = [label for label, _, c in filled if self.sheet.marked(r, c)]
        how = "bold, underlined or coloured text"
        if len(marked) != 1:
            fills = {label: self.sheet.fill_colour(r, c) for label, _, c in filled}
            marked = [label for label, colour in fills.items() if colour is not None]
            how = "filled cell"
            if len(marked) == len(fills) >= 3:
                counts = Counter(fills.values())
                marked = [label for label, colour in fills.items() if counts[colour] == 1]
                marked = marked if len(counts) == 2 else []
        if len(marked) == 1:
            self.result.info(self.ref(r, "answer"), f"answer {marked[0]} taken from its {how}", index)
            return marked
        return None

    def _true_false(
        self,
        q: Question,
        r: int,
        filled: list[tuple[str, str, int]],
        answer: str,
        index: int,
        cell_options: list[Option] | None = None,
    ) -> bool:
        marks = parse_true_false(answer) if answer else None
        if not filled:
            if marks is not None and len(marks) == 1:
                q.answer = marks  # the stem is the one statement: "Trái đất hình cầu" - Đúng
            # else its statements may follow on rows of their own: see _statement
            return True
        q.options = self._options(r, filled, lower=True) if cell_options is None else cell_options
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

    def _statement(self, r: int) -> bool:
        """An unnumbered "a) ..." row under a true/false question is one of its statements."""
        stem_col = self.cols["stem"]
        m = _STATEMENT.match(self.sheet.text(r, stem_col))
        if m is None or self.text(r, "number"):
            return False
        assert self.pending is not None
        content = self.sheet.content(r, stem_col)
        _strip_label(content, _STATEMENT)
        option = Option(m.group(1).lower(), content)
        answer = self.text(r, "answer")
        marks = parse_true_false(answer) if answer else None
        mark = marks[0] if marks is not None and len(marks) == 1 else None
        option.correct = mark == "Đ"
        self.pending.options.append(option)
        self.pending_marks.append(mark)
        return True

    def _finish_pending(self) -> None:
        q, self.pending = self.pending, None
        if q is None:
            return
        index = self.result.questions.index(q)
        if not q.options:
            self.result.questions.pop(index)
            for message in self.result.messages:
                if message.question == index:
                    message.question = None
            self.result.error(q.source_ref or "", "true/false question without statements; row skipped")
        elif all(self.pending_marks):
            q.answer = [m for m in self.pending_marks if m]
        else:
            self.result.warn(q.source_ref or "", "not every statement has Đ or S; imported as a draft", index)

    def _number(self, r: int) -> int | None:
        raw = self.raw(r, "number")
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
            return int(raw)
        if isinstance(raw, str) and (m := re.fullmatch(r"\s*(?:câu|cau|question|q)?\s*(\d+)\s*[.:)]?\s*", raw, re.I)):
            return int(m.group(1))
        return None

    def _points(self, r: int, index: int) -> float | None:
        raw = self.raw(r, "points")
        if raw is None or raw == "":
            return None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw)
        points = parse_decimal(str(raw))
        if points is None:
            self.result.warn(self.ref(r, "points"), f"points {str(raw)!r} is not a number; ignored", index)
        return points

    def _tags(self, r: int) -> Tags:
        meta = self.defaults
        tags = Tags(
            subject=meta.get("subject"),
            grade=meta.get("grade"),
            school_year=meta.get("year"),
            department=meta.get("department"),
            # a sheet named after its topic or level: only when the table has no such column
            topic=meta.get("topic") if "topic" not in self.cols else None,
            level=meta.get("level") if "level" not in self.cols else None,
        )
        if topic := self.text(r, "topic"):
            tags.topic = clean(topic.replace("\n", " "))
        if level := self.text(r, "level"):
            by_number = numbered_level(self.raw(r, "level"), self.level_legend) if self.numbered_levels else None
            tags.level = by_number or normalise_level(level)
        if subject := self.text(r, "subject"):
            tags.subject = normalise_subject(subject)
        grade = parse_grade(self.raw(r, "grade"))
        if grade is not None:
            tags.grade = grade
        difficulty = self.raw(r, "difficulty")
        if isinstance(difficulty, (int, float)) and not isinstance(difficulty, bool):
            tags.difficulty = float(difficulty)
        elif difficulty is not None and (d := parse_decimal(str(difficulty))) is not None:
            tags.difficulty = d
        elif difficulty is not None and tags.level is None:
            # "Độ khó: Nhận biết" - some templates put the cognitive level under difficulty
            level = normalise_level(str(difficulty))
            if level != clean(str(difficulty)):
                tags.level = level
        return tags

    def _warn_lost_formulas(self, r: int) -> None:
        for col in self.lost_formulas.get(r, []):
            if col in self.cols.values():
                self.result.warn(
                    self.sheet.ref(r, col),
                    "this cell holds a formula whose result was never saved: open the file in Excel and save it again",
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


def _first_text(content: Content) -> str:
    for inline in content.inlines():
        return inline.text if isinstance(inline, Text) else ""
    return ""


def _strip_label(content: Content, pattern: re.Pattern[str]) -> str | None:
    """Remove a leading label ("Câu 3.", "A.", "*") from the first text run; its first group, if any."""
    for block in content.blocks:
        if not isinstance(block, Paragraph) or not block.inlines:
            continue
        first = block.inlines[0]
        if not isinstance(first, Text):
            return None
        m = pattern.match(first.text)
        if not m:
            return None
        first.text = first.text[m.end() :]
        if not first.text:
            block.inlines.pop(0)
        return m.group(1) if pattern.groups else m.group(0)
    return None
