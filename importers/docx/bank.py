"""Question banks laid out one question per table row (ID | Question | Choice | Answer | Explanation)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from importers.base import ImportResult
from importers.docx.labels import OPTION_START, QLabel, fold, letter_of, passage_intro, question_label
from importers.docx.options import OptDraft
from importers.docx.para import OBJ, Cell, Para, TableBlock, split_lines
from importers.docx.question import Draft, to_content
from qbank.domain.text import clean

_QUESTION = ("cau hoi", "question", "noi dung", "de bai", "stem", "iq")
_CHOICE = ("choice", "lua chon", "phuong an", "options", "dap an lua chon")
_ANSWER = ("dap an", "answer", "key", "correct", "dap an dung")
_EXPLAIN = ("explanation", "loi giai", "giai thich", "huong dan", "solution", "huong dan giai")
_OPT_HEADER = re.compile(r"(?:phuong an|dap an|lua chon|option|choice|pa|cau tra loi)?\s*([a-h])")
_ID = ("id", "stt", "ma", "ma cau", "no", "#", "so tt")
_LEVEL = ("muc do", "level", "muc")
_TOPIC = ("chu de", "topic", "bai hoc", "chuong")


def _text(cell: Cell) -> str:
    return clean(cell.text)


def _col(header: list[str], words: tuple[str, ...], exact: bool = False, skip: frozenset[int] = frozenset()) -> int | None:
    for i, h in enumerate(header):
        if i in skip:
            continue
        if (h in words) if exact else any(h == w or h.startswith(w) for w in words):
            return i
    return None


def _lines(cell: Cell) -> list[Para]:
    """The printed lines of a cell: paragraphs, nested-table cells and soft line breaks each make one."""
    out: list[Para] = []
    for p in cell.paras():
        out.extend(split_lines(p))
    return out


def _filled(p: Para) -> bool:
    return bool(p.text.strip()) or OBJ in p.text


def _label_line(lines: list[Para]) -> tuple[int, QLabel] | None:
    """The line that opens the question ("Question 3:", "Câu 3.", "[3]") after any instruction or passage.

    A bare "3." counts only on the first line: inside a passage it is a list item.
    """
    for i, ln in enumerate(lines):
        lab = question_label(ln.label_text.strip())
        if lab is not None and (lab.kind != "bare" or i == 0):
            return i, lab
    return None


def _option_lines(lines: list[Para]) -> bool:
    starts = {m.group("letter") for ln in lines if (m := OPTION_START.match(ln.label_text))}
    return {"A", "B"} <= starts


_LABELLED = 1  # a cell opening one question with its label ("Câu 3.", "Question 3:")
_OPTIONS_ONLY = 0.5  # a cell holding options A, B, ... without a label (an explanation may too)


def _label_number(cell: Cell) -> int | None:
    for ln in _lines(cell):
        lab = question_label(ln.label_text.strip())
        if lab is not None and lab.kind != "bare":
            return lab.number
    return None


def _question_cell(cell: Cell) -> float:
    """What a cell holds: one labelled question, options only, several questions (2) or none (0)."""
    lines = _lines(cell)
    labels = sum(1 for ln in lines if (lab := question_label(ln.label_text.strip())) is not None and lab.kind != "bare")
    if labels > 1:
        return 2
    if labels == 1 and len(_text(cell)) > 15:
        return _LABELLED
    return _OPTIONS_ONLY if _option_lines(lines) else 0


def read_bank(tbl: TableBlock, result: ImportResult) -> list[Draft] | None:
    """Questions from a bank table, or None when the table is not a bank."""
    if len(tbl.rows) < 2:
        return None
    header = [fold(_text(c)) for c in tbl.rows[0]]
    q_col = _col(header, _QUESTION)
    body = tbl.rows[1:] if q_col is not None else tbl.rows
    if q_col is None:
        # No header: the question column is the one whose cells open one question in most rows
        # (after an instruction or a passage, or as options A, B, ...).
        hits: Counter[int] = Counter()
        for row in tbl.rows:
            counts = [_question_cell(cell) for cell in row]
            numbers = {_label_number(cell) for cell, n in zip(row, counts, strict=False) if n == _LABELLED}
            if any(n > 1 for n in counts) or len(numbers) > 1:
                # A layout table: several questions in a cell, or two side by side (Câu 1 | Câu 2; an
                # explanation restating its own question has the same number): read in order.
                return None
            opened = [i for i, n in enumerate(counts) if n]
            if opened:
                hits[opened[0]] += 1
        if not hits or hits.most_common(1)[0][1] < max(2, len(tbl.rows) // 2):
            return None
        q_col = hits.most_common(1)[0][0]
        header = [""] * max(len(r) for r in tbl.rows)
    # One column per option: "A | B | C | D" or "Phương án A | Phương án B ...".
    opt_cols: dict[int, str] = {}
    for i, h in enumerate(header):
        m = _OPT_HEADER.fullmatch(h)
        if m and i != q_col:
            opt_cols[i] = m.group(1).upper()
    if len(opt_cols) < 2:
        opt_cols = {}
    skip = frozenset(opt_cols)
    choice_col = None if opt_cols else _col(header, _CHOICE)
    ans_col = _col(header, _ANSWER, skip=skip) if choice_col != _col(header, _ANSWER, skip=skip) else None
    expl_col = _col(header, _EXPLAIN)
    level_col = _col(header, _LEVEL)
    topic_col = _col(header, _TOPIC)
    # The column holding one letter in most rows is the answer, whatever its header says
    # ("Choice" over a column of A/B/C/D is the key, not the options).
    letters: Counter[int] = Counter()
    filled: Counter[int] = Counter()
    for row in body:
        for i, cell in enumerate(row):
            t = _text(cell)
            if i != q_col and t:
                filled[i] += 1
                if letter_of(t):
                    letters[i] += 1
    letter_cols = [i for i, n in letters.most_common() if n >= max(1, len(body) // 2) and n >= 0.8 * filled[i]]
    if choice_col is not None and choice_col in letter_cols:
        ans_col, choice_col = choice_col, None
    if ans_col is None and letter_cols:
        ans_col = letter_cols[0]
    if expl_col is None:
        lengths: Counter[int] = Counter()
        for row in body:
            for i, cell in enumerate(row):
                if i not in (q_col, ans_col, choice_col, level_col, topic_col) and i > q_col:
                    lengths[i] += len(_text(cell))
        if lengths and lengths.most_common(1)[0][1] > 20 * len(body):
            expl_col = lengths.most_common(1)[0][0]
    cols = _Cols(q_col, choice_col, ans_col, expl_col, level_col, topic_col, opt_cols)
    drafts: list[Draft] = []
    heading: list[Para] = []  # the instruction or passage heading the questions below it
    heading_row = False  # the row before was a heading row (an instruction row, then a passage row)
    group: tuple[str, str] | None = None  # (signature of the passage, group key)
    first_row = 2 if body is not tbl.rows else 1
    for r, row in enumerate(body, start=first_row):
        where = f"table {tbl.index} row {r}"
        try:
            lines = [ln for ln in _lines(row[q_col])] if q_col < len(row) else []
            found = _label_line(lines)
            if found is None and not _option_lines(lines) and _only_cell(row, cols.q):
                if any(_filled(ln) for ln in lines):
                    # A row of its own: an instruction or a passage, heading the questions below.
                    heading = (heading if heading_row else []) + [ln for ln in lines if _filled(ln)]
                    heading_row = True
                continue
            heading_row = False
            pre = [ln for ln in lines[: found[0]] if _filled(ln)] if found is not None else []
            if pre:
                heading = pre
            span = passage_intro(" ".join(ln.text for ln in heading[:2])) if heading else False
            number = found[1].number if found is not None else None
            if isinstance(span, tuple) and number is not None and not span[0] <= number <= span[1]:
                heading = []  # "questions 1 to 2": question 3 is past the passage
            group = _group_of(heading, group, tbl, r, result)
            d = _row(row, lines[found[0] if found else 0 :], found[1] if found else None, cols, where, len(drafts) + 1)
        except Exception as exc:  # noqa: BLE001 - skip the row, keep the bank
            result.error(where, f"could not read this question ({exc}); it was skipped")
            continue
        if d is not None:
            d.group = group[1] if group is not None else None
            drafts.append(d)
    return drafts


@dataclass
class _Cols:
    q: int
    choice: int | None
    answer: int | None
    explain: int | None
    level: int | None
    topic: int | None
    options: dict[int, str]


def _only_cell(row: list[Cell], q_col: int) -> bool:
    """Only the question column is filled: a row holding an instruction or a passage, not a question."""
    return all(not (c.text.strip() or OBJ in c.text) for i, c in enumerate(row) if i != q_col)


_PASSAGE_MIN = 250  # characters: an instruction alone is shorter; a passage to read is longer


def _group_of(heading: list[Para], group: tuple[str, str] | None, tbl: TableBlock, r: int,
              result: ImportResult) -> tuple[str, str] | None:  # fmt: skip
    """The passage group of the questions under ``heading``: the same as the row before when the
    passage is the same (converted papers repeat it in every row), a new one for a new passage,
    none under an instruction alone."""
    text = " ".join(ln.text for ln in heading)
    if len(text.strip()) < _PASSAGE_MIN:
        return None
    sig = re.sub(r"\W+", "", fold(text))[:400]
    if group is not None and group[0] == sig:
        return group
    key = f"passage-t{tbl.index}-{r}"
    result.passages[key] = to_content(list(heading))
    return sig, key


def _row(row: list[Cell], lines: list[Para], label: QLabel | None, cols: _Cols, where: str, seq: int) -> Draft | None:
    if cols.q >= len(row):
        return None
    paras = [p for p in lines if _filled(p)]
    if not paras:
        return None
    first = paras[0]
    # Options on lines of their own ("A. ...", "B. ...") are cut at line starts only; a cell that runs
    # them together ("... là:A. 3B. 1/2") may glue a label to the text before it.
    number = label.number if label and label.number is not None else _id_number(row, cols)
    d = Draft(number if number is not None else seq, where, loose=not _option_lines(paras))
    d.start(first, label)
    for p in paras[1:]:
        d.add_para(p)
    for i, cell in enumerate(row):
        # Pictures in their own column (before or after the question) belong to the stem.
        if (i not in (cols.q, cols.choice, cols.answer, cols.explain) and i not in cols.options and OBJ in cell.text
                and not _text(cell).replace(OBJ, "").strip()):  # fmt: skip
            d.stem.extend(cell.paras())
    for i, letter in cols.options.items():
        if i < len(row) and (row[i].text.strip() or OBJ in row[i].text):
            d.options.append(OptDraft(letter, [p for p in row[i].paras()]))
    if cols.options:
        d.state = "options"
    if cols.choice is not None and cols.choice < len(row):
        for p in _lines(row[cols.choice]):
            if _filled(p):
                d.add_para(p)
    if cols.answer is not None and cols.answer < len(row):
        val = _text(row[cols.answer])
        if val:
            d.answer_line = val
            d.column_answer = val
    if cols.explain is not None and cols.explain < len(row):
        items = list(row[cols.explain].items)
        if any(getattr(i, "text", "x").strip() for i in items):
            d.solution.extend(items)
    if cols.level is not None and cols.level < len(row) and _text(row[cols.level]):
        d.level = _text(row[cols.level])
    if cols.topic is not None and cols.topic < len(row) and _text(row[cols.topic]):
        d.topic = _text(row[cols.topic])
    return d


_ID_NUMBER = re.compile(r"^\s*(?:c[aâ]u|câu hỏi|question|q)?\s*(\d{1,5})\s*[.:)]?\s*$", re.I)


def _id_number(row: list[Cell], cols: _Cols) -> int | None:
    """The number printed in a column of its own ("Câu 3", "3") when the question cell has no label."""
    for i, cell in enumerate(row):
        if i in (cols.q, cols.answer, cols.choice, cols.explain) or i in cols.options:
            continue
        m = _ID_NUMBER.match(_text(cell))
        if m:
            return int(m.group(1))
    return None
