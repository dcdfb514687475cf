"""Answer keys and marking guides after the paper: key tables and lists, "Câu | Nội dung | Điểm" guides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.docx.labels import (
    KEY_PAIR,
    fold,
    leading_number,
    letter_of,
    parse_points,
    question_label,
    subpart_after_number,
    tf_marks,
    tf_value,
)
from importers.docx.para import Cell, Para, TableBlock
from qbank.domain.text import clean

_NUM = re.compile(r"^\s*(?:c[aâ]u|question|q|bài)?\s*(?P<n>\d{1,5})\s*[.:)]?\s*$", re.I)
_SUB = re.compile(r"^\s*(?P<l>[a-h])\s*[).]?\s*$")


@dataclass
class KeyEntry:
    number: int
    value: str  # "B", "0,54", or a true/false mark "Đ"/"S"
    sub: str | None = None  # statement letter for true/false keys ("a")
    where: str = ""


def _num(text: str) -> int | None:
    m = _NUM.match(text)
    return int(m.group("n")) if m else None


# "1a", "1.a", "1a)", "Câu 1a": a true/false statement's own column or row in a 2025 key.
_NUM_SUB = re.compile(r"^\s*(?:c[aâ]u\s*)?(?P<n>\d{1,5})\s*[.\-]?\s*(?P<l>[a-h])\s*\)?\s*$", re.I)


def _num_sub(text: str) -> tuple[int, str | None] | None:
    n = _num(text)
    if n is not None:
        return n, None
    m = _NUM_SUB.match(text)
    return (int(m.group("n")), m.group("l").lower()) if m else None


def _cell_text(cell: Cell) -> str:
    return clean(cell.text)


def key_from_table(tbl: TableBlock) -> list[KeyEntry] | None:
    """Entries of an answer-key table, or None when the table is not one.

    Handles rows of numbers over rows of answers (several bands), "Câu | Đáp án" columns,
    and true/false keys "Câu | Lệnh hỏi | Đáp án (Đ/S)" with the number only on the first row.
    """
    grid = [[_cell_text(c) for c in row] for row in tbl.rows]
    grid = [row for row in grid if any(row)]
    if not grid:
        return None
    # Cells that each hold a pair: "1.A | 2.B | 3.C".
    cells = [(r, x) for r, row in enumerate(grid, start=1) for x in row if x]
    pairs = [(r, _CELL_PAIR.match(x)) for r, x in cells]
    if len(cells) >= 2 and sum(1 for _, m in pairs if m) >= 0.8 * len(cells):
        return [KeyEntry(int(m.group("n")), m.group("v"), None, f"{tbl.where} row {r}") for r, m in pairs if m]
    entries: list[KeyEntry] = []
    # Horizontal bands: a row of numbers, then a row of values.
    i = 0
    bands = 0
    while i + 1 < len(grid):
        nums = [_num_sub(x) for x in grid[i]]
        found = sum(n is not None for n in nums)
        labelled = bool(grid[i][0]) and nums[0] is None  # "Câu | 1 | 2": a key of one question is still a key
        if (found >= 2 or (found and labelled)) and found >= len([x for x in grid[i] if x]) - 1:
            vals = grid[i + 1]
            got = 0
            for ns, v in zip(nums, vals, strict=False):
                if ns is not None and v:
                    # "1a | 1b" over "Đ | S": one statement per column
                    value = (tf_value(v) or v.strip()) if ns[1] else v.strip()
                    entries.append(KeyEntry(ns[0], value, ns[1], f"{tbl.where} row {i + 2}"))
                    got += 1
            if got:
                bands += 1
                i += 2
                continue
        i += 1
    if bands and entries:
        return entries
    # True/false statements as columns: "Câu | a | b | c | d" over "1 | Đ | S | Đ | Đ".
    subs = [_SUB.match(x) for x in grid[0][1:]]
    if len(subs) >= 2 and all(subs):
        letters = [m.group("l") for m in subs if m]
        entries = []
        for r, row in enumerate(grid[1:], start=2):
            n = _num(row[0]) if row else None
            for letter, value in zip(letters, row[1:], strict=False):
                mark = tf_value(value)
                if n is not None and mark:
                    entries.append(KeyEntry(n, mark, letter, f"{tbl.where} row {r}"))
        if entries:
            return entries
    # Column pairs side by side: "Câu | Đáp án | Câu | Đáp án", each pair read down.
    head = [fold(x) for x in grid[0]]
    if len(head) >= 4 and len(head) % 2 == 0 and head[0] and head[0::2].count(head[0]) == len(head) // 2:
        entries = []
        for j in range(0, len(head), 2):
            for r, row in enumerate(grid[1:], start=2):
                if j + 1 < len(row) and (n := _num(row[j])) is not None and row[j + 1]:
                    entries.append(KeyEntry(n, row[j + 1].strip(), None, f"{tbl.where} row {r}"))
        if entries:
            return entries
    # Vertical: each row "n | value" or "n | a) | Đ", possibly a header row first.
    entries = []
    current: int | None = None
    for r, row in enumerate(grid, start=1):
        cells = [x for x in row]
        if not cells:
            continue
        n = _num(cells[0]) if cells[0] else None
        rest = cells[1:]
        if n is not None:
            current = n
        elif cells[0]:
            if r == 1:
                continue  # header
            current = None
            continue
        if current is None or not rest:
            continue
        if len(rest) >= 2 and _SUB.match(rest[0]) and tf_value(rest[1]):
            entries.append(KeyEntry(current, tf_value(rest[1]) or "", _SUB.match(rest[0]).group("l"), f"{tbl.where} row {r}"))  # type: ignore[union-attr]
        elif rest[0]:
            entries.append(KeyEntry(current, rest[0].strip(), None, f"{tbl.where} row {r}"))
    if len(entries) >= 2:
        return entries
    return None


_CELL_PAIR = re.compile(r"^\s*(?:c[aâ]u\s*)?(?P<n>\d{1,5})\s*[-.:)]?\s*(?P<v>[A-H])\s*$", re.I)
_VALUE_PAIR = re.compile(r"c[aâ]u\s*(?P<n>\d{1,5})\s*[:=]\s*(?P<v>[^;|]+?)\s*(?:[;|]\s*|$)", re.I)
_KEY_PREFIX = re.compile(r"^\s*(?:đáp án|dap an|answer key|answers?|key)\s*[:.]?\s*", re.I)
_TF_LINE = re.compile(r"^\s*(?:c[aâ]u|question)?\s*(?P<n>\d{1,5})\s*[:.)\-]?\s*(?P<rest>.+)$", re.I)


def key_from_line(text: str) -> list[KeyEntry] | None:
    """"1-A 2-B 3.C 4D" lists (at least two pairs, little else), or "Câu 1: a) Đ b) S c) Đ d) S"
    (several to a line: "Câu 1: a) Đ, b) S, c) Đ, d) Đ; Câu 2: ĐĐSĐ")."""
    tf = _tf_line(text)
    if tf:
        return tf
    chunks = [c for c in re.split(r"\s*[;|]\s*", text) if c.strip()]
    if len(chunks) >= 2:
        several = [_tf_line(c) for c in chunks]
        if all(several):
            return [e for got in several for e in got]  # type: ignore[union-attr]
    values = list(_VALUE_PAIR.finditer(text))
    if len(values) >= 2 and sum(m.end() - m.start() for m in values) >= 0.8 * len(text.strip()):
        # "Câu 1: 120; Câu 2: 0,4; Câu 3: 8": short answers, one per question
        return [KeyEntry(int(m.group("n")), m.group("v").strip()) for m in values]
    text = _KEY_PREFIX.sub("", text)
    pairs = list(KEY_PAIR.finditer(text))
    if len(pairs) < 2:
        return None
    covered = sum(m.end() - m.start() for m in pairs)
    if covered < 0.6 * len(text.strip().replace(" ", "")):
        return None
    return [KeyEntry(int(m.group("n")), m.group("v")) for m in pairs]


def _tf_line(text: str) -> list[KeyEntry] | None:
    m = _TF_LINE.match(text)
    if m:
        marks = tf_marks(m.group("rest"))
        if marks and all(marks):
            return [KeyEntry(int(m.group("n")), mark, "abcdefgh"[i]) for i, mark in enumerate(marks)]
    return None


_CODE_HEAD = re.compile(r"^\s*(?:m[ãa]\s*(?:đề|đ[eê]|de)?\s*(?:thi)?\s*[:.]?\s*)?(?P<c>\d{3,4})\s*$", re.I)


ORIGINAL = "gốc"  # the paper as written, before the mixing app shuffled it into versions
_ORIGINAL_HEAD = re.compile(r"^\s*(?:m[ãa]\s*)?(?:đề\s*)?(?:gốc|goc|original)\s*$", re.I)


def keys_by_code(tbl: TableBlock) -> dict[str, list[KeyEntry]] | None:
    """A key with one column per mã đề, "Câu | 101 | 102 | 103" (or "Mã 101" ...) over rows "1 | A | C | B",
    or one row per mã đề, "Mã đề | 1 | 2 | 3" over rows "101 | A | C | B": the entries of each code, or
    None when the table is not laid out so."""
    grid = [[_cell_text(c) for c in row] for row in tbl.rows]
    rows = [(r, row) for r, row in enumerate(grid, start=1) if any(row)]
    if len(rows) < 2 or len(rows[0][1]) < 2:
        return None
    head = rows[0][1]
    codes = {j: m.group("c") for j, x in enumerate(head[1:], start=1) if (m := _CODE_HEAD.match(x))}
    codes.update({j: ORIGINAL for j, x in enumerate(head[1:], start=1) if _ORIGINAL_HEAD.match(x)})
    if codes and len(codes) == len([x for x in head[1:] if x]) and _num(head[0]) is None:
        numbered = [(r, row) for r, row in rows[1:] if row and _num(row[0]) is not None]
        if len(numbered) >= 2 and len(numbered) >= 0.8 * (len(rows) - 1):
            return {code: [KeyEntry(n, row[j].strip(), None, f"{tbl.where} row {r}")
                           for r, row in numbered if j < len(row) and row[j] and (n := _num(row[0])) is not None]
                    for j, code in codes.items()}  # fmt: skip
    # Transposed: "Mã đề | 1 | 2 | 3" over "101 | A | C | B".
    nums = {j: n for j, x in enumerate(head[1:], start=1) if (n := _num(x)) is not None}
    if len(nums) >= 2 and "ma" in fold(head[0]):
        by_row = [(r, row, m.group("c")) for r, row in rows[1:] if row and (m := _CODE_HEAD.match(row[0]))]
        if by_row and len(by_row) >= 0.8 * (len(rows) - 1):
            return {code: [KeyEntry(n, row[j].strip(), None, f"{tbl.where} row {r}")
                           for j, n in nums.items() if j < len(row) and row[j]]
                    for r, row, code in by_row}  # fmt: skip
    return None


def is_key_table(tbl: TableBlock) -> bool:
    entries = key_from_table(tbl)
    if not entries:
        return False
    vals = [e.value for e in entries]
    good = sum(1 for v in vals if letter_of(v) or tf_value(v) or tf_marks(v) or re.fullmatch(r"-?\d+(?:[.,]\d+)?(?:/\d+)?", v))
    return good >= 0.8 * len(vals)


_CONTENT_HEADS = ("noi dung", "dap an", "huong dan", "loi giai", "yeu cau", "cach giai", "bai giai")


@dataclass
class GuideRow:
    number: int | None  # question the step belongs to (None: continues the previous one)
    subpart: str | None
    content: list[Para | TableBlock]
    points: float | None
    where: str
    part: str | None = None  # "I" in a "Phần | Câu | Nội dung | Điểm" guide: the rows after it are about part I


_PART_CELL = re.compile(r"^\s*(?:ph[ầâa]n\s*)?(?P<p>[IVX]{1,4}|\d{1,2})\s*[.:]?\s*(?:\(.*\))?\s*$", re.I)


def guide_from_table(tbl: TableBlock, headerless: bool = False) -> list[GuideRow] | None:
    """Rows of a marking-guide table ("Câu | Nội dung | Điểm", optionally an "Ý" column).

    ``headerless``: also read tables without a header row (only after the paper, where a table of
    "Câu 1 | ... | 0,5" rows cannot be a bank)."""
    if not tbl.rows:
        return None
    header = [fold(_cell_text(c)) for c in tbl.rows[0]]
    content_col = next((i for i, h in enumerate(header) if any(w in h for w in _CONTENT_HEADS)), None)
    points_col = next((i for i, h in enumerate(header) if h.startswith("diem") or "thang diem" in h or h == "d"), None)
    q_col = next((i for i, h in enumerate(header) if h.startswith("cau") or h.startswith("bai")), None)
    sub_col = next((i for i, h in enumerate(header) if h in ("y", "phan", "y nho")), None)
    first = 1
    if content_col is None or points_col is None:
        if not headerless:
            return None
        # No header: "Câu 1 (2 điểm) | step | 0,5" rows (question, content..., points last).
        width = max(len(r) for r in tbl.rows)
        labelled = sum(1 for r in tbl.rows if r and question_label(_cell_text(r[0])))
        numeric = sum(1 for r in tbl.rows if len(r) >= 3 and re.fullmatch(r"\d+(?:[.,]\d+)?", _cell_text(r[-1])))
        if width < 3 or not labelled or numeric < len(tbl.rows) / 2:
            return None
        q_col, content_col, points_col, first = 0, width - 2, width - 1, 0
    rows: list[GuideRow] = []
    for r, row in enumerate(tbl.rows[first:], start=first + 1):

        def cell(i: int | None, row: list[Cell] = row) -> Cell | None:
            return row[i] if i is not None and i < len(row) else None

        qc = cell(q_col)
        number = None
        subpart = None
        if qc is not None and _cell_text(qc):
            number = leading_number(_cell_text(qc))  # "Câu 1(5,0 điểm)", "2", "III (6,0đ)", "1a"
            subpart = subpart_after_number(_cell_text(qc))
            m = re.search(r"\b([a-h])\s*\)", _cell_text(qc))
            if m:
                subpart = m.group(1)
        sc = cell(sub_col)
        part = None
        if sc is not None and _cell_text(sc):
            m = re.match(r"\s*([a-h])\b", _cell_text(sc))
            pm = _PART_CELL.match(_cell_text(sc)) if header[sub_col] == "phan" and sub_col != q_col else None
            if m:
                subpart = m.group(1)
            elif pm:
                part = pm.group("p")  # "Phần | Câu | ...": a part cell, the numbers under it restart
        cc = cell(content_col)
        content = list(cc.items) if cc is not None else []
        pts = parse_points(_cell_text(cell(points_col))) if cell(points_col) is not None else None  # type: ignore[arg-type]
        rows.append(GuideRow(number, subpart, content, pts, f"{tbl.where} row {r}", part))
    return rows
