"""Question banks laid out one question per table row (ID | Question | Choice | Answer | Explanation)."""

from __future__ import annotations

import re
from collections import Counter

from importers.base import ImportResult
from importers.docx_labels import fold, letter_of, question_label
from importers.docx_options import OptDraft
from importers.docx_para import OBJ, Cell, TableBlock
from importers.docx_question import Draft
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


def read_bank(tbl: TableBlock, result: ImportResult) -> list[Draft] | None:
    """Questions from a bank table, or None when the table is not a bank."""
    if len(tbl.rows) < 2:
        return None
    header = [fold(_text(c)) for c in tbl.rows[0]]
    q_col = _col(header, _QUESTION)
    body = tbl.rows[1:] if q_col is not None else tbl.rows
    if q_col is None:
        # No header: the question column is the one whose cells start with "Câu n." in most rows.
        hits: Counter[int] = Counter()
        for row in tbl.rows:
            for i, cell in enumerate(row):
                paras = cell.paras()
                if paras and question_label(paras[0].label_text.strip()) and len(_text(cell)) > 15:
                    hits[i] += 1
                    break
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
    if ans_col is None:
        # The column holding one letter in most rows is the answer.
        letters: Counter[int] = Counter()
        for row in body:
            for i, cell in enumerate(row):
                if i != q_col and letter_of(_text(cell)):
                    letters[i] += 1
        if letters and letters.most_common(1)[0][1] >= len(body) // 2:
            ans_col = letters.most_common(1)[0][0]
    if expl_col is None:
        lengths: Counter[int] = Counter()
        for row in body:
            for i, cell in enumerate(row):
                if i not in (q_col, ans_col, choice_col, level_col, topic_col) and i > q_col:
                    lengths[i] += len(_text(cell))
        if lengths and lengths.most_common(1)[0][1] > 20 * len(body):
            expl_col = lengths.most_common(1)[0][0]
    drafts: list[Draft] = []
    for r, row in enumerate(body, start=2 if body is not tbl.rows else 1):
        where = f"table {tbl.index} row {r}"
        try:
            d = _row(row, q_col, choice_col, ans_col, expl_col, level_col, topic_col, where, len(drafts) + 1, opt_cols)
        except Exception as exc:  # noqa: BLE001 - skip the row, keep the bank
            result.error(where, f"could not read this question ({exc}); it was skipped")
            continue
        if d is not None:
            drafts.append(d)
    return drafts


def _row(row: list[Cell], q_col: int, choice_col: int | None, ans_col: int | None, expl_col: int | None,
         level_col: int | None, topic_col: int | None, where: str, seq: int,
         opt_cols: dict[int, str] | None = None) -> Draft | None:  # fmt: skip
    if q_col >= len(row):
        return None
    paras = [p for p in row[q_col].paras()]
    if not any(p.text.strip() or OBJ in p.text for p in paras):
        return None
    first = next(p for p in paras if p.text.strip() or OBJ in p.text)
    label = question_label(first.label_text.strip())
    d = Draft(label.number if label else seq, where, loose=True)
    d.start(first, label)
    for p in paras[paras.index(first) + 1 :]:
        d.add_para(p)
    for i, cell in enumerate(row):
        # Pictures in their own column (before or after the question) belong to the stem.
        if i not in (q_col, choice_col, ans_col, expl_col) and i not in (opt_cols or {}) and OBJ in cell.text and not _text(cell).replace(OBJ, "").strip():
            d.stem.extend(cell.paras())
    for i, letter in (opt_cols or {}).items():
        if i < len(row) and (row[i].text.strip() or OBJ in row[i].text):
            d.options.append(OptDraft(letter, [p for p in row[i].paras()]))
    if opt_cols:
        d.state = "options"
    if choice_col is not None and choice_col < len(row):
        for p in row[choice_col].paras():
            d.add_para(p)
    if ans_col is not None and ans_col < len(row):
        val = _text(row[ans_col])
        if val:
            d.answer_line = val
    if expl_col is not None and expl_col < len(row):
        items = list(row[expl_col].items)
        if any(getattr(i, "text", "x").strip() for i in items):
            d.solution.extend(items)
    if level_col is not None and level_col < len(row) and _text(row[level_col]):
        d.level = _text(row[level_col])
    if topic_col is not None and topic_col < len(row) and _text(row[topic_col]):
        d.topic = _text(row[topic_col])
    return d
