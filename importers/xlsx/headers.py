"""Spreadsheet column headers: recognise Vietnamese and English names, find the header row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from qbank.domain.text import fold

OPTION_LABELS = "ABCDEF"

# Folded, punctuation-free header text -> field. Matching is exact on the normalised text,
# so "Nội dung" is the stem while "Nội dung kiến thức" (a blueprint's topic column) is not.
_FIELDS: dict[str, tuple[str, ...]] = {
    "number": (
        "stt",
        "tt",
        "no",
        "#",
        "so tt",
        "so thu tu",
        "thu tu",
        "number",
        "cau",
        "cau so",
        "q",
        "qno",
        "q no",
        "id",
        "question order",
        "order",
        "question number",
        "question no",
    ),
    "stem": (
        "cau hoi",
        "noi dung",
        "noi dung cau hoi",
        "question",
        "question text",
        "questions",
        "de bai",
        "stem",
        "cau hoi noi dung",
        "noi dung cau",
        "question content",
        "content",
    ),
    "answer": (
        "dap an",
        "dap an dung",
        "dap an chinh xac",
        "phuong an dung",
        "lua chon dung",
        "answer",
        "answers",
        "key",
        "answer key",
        "correct answer",
        "correct",
        "dap an cau hoi",
        "ket qua",
        "correct option",
        "correct choice",
        "right answer",
        "key answer",
        "dap an chon",
    ),
    "topic": ("chu de", "chuyen de", "topic", "noi dung kien thuc", "chuong", "chu de chuyen de", "don vi kien thuc"),
    "level": ("muc do", "muc do nhan thuc", "level", "cap do", "muc do tu duy", "cognitive level", "nhan thuc"),
    "difficulty": ("do kho", "difficulty", "difficulty level", "muc do kho"),
    "section": ("phan", "section", "part", "phan thi"),
    "grade": ("lop", "khoi", "grade", "khoi lop", "class"),
    "subject": ("mon", "mon hoc", "subject"),
    "type": (
        "loai",
        "loai cau hoi",
        "type",
        "question type",
        "dang",
        "dang cau hoi",
        "hinh thuc",
        "kieu cau hoi",
        "kieu",
    ),
    "points": ("diem", "points", "point", "so diem", "thang diem", "score", "marks", "mark"),
    "solution": (
        "giai thich",
        "loi giai",
        "huong dan giai",
        "huong dan",
        "giai chi tiet",
        "loi giai chi tiet",
        "explanation",
        "solution",
        "hdg",
        "goi y",
        "giai thich dap an",
        "explain",
        "rationale",
        "feedback",
    ),
}
_LOOKUP = {name: fld for fld, names in _FIELDS.items() for name in names}
# "A", "Phương án A", "PA A", "Option A", "Đáp án A", "Lựa chọn A", "Choice A", "Câu A", "PA1"
_OPTION = re.compile(r"^(?:phuong an|pa|option|dap an|lua chon|choice|answer|cau tra loi|dap an lua chon)?\s*([a-f])$")
_OPTION_NUM = re.compile(r"^(?:phuong an|pa|option|lua chon|choice|answer|dap an|cau tra loi)\s*([1-6])$")
# The right option in an answer column and the wrong ones in their own ("Phương án đúng | Phương án
# sai 1 | Phương án sai 2 | Phương án sai 3", "Correct answer | Distractor 1..3"): LMS import templates.
_WRONG = re.compile(
    r"^(?:(?:phuong an|dap an|lua chon|cau tra loi|pa|dap an lua chon)\s+(?:sai|nhieu|gay nhieu)"
    r"|(?:wrong|incorrect)(?:\s+(?:answer|option|choice))?|distractor|distracter)(?:\s*(\d))?$"
)
# A group heading over option sub-headers ("Phương án trả lời" merged over A..D).
_OPTION_GROUP = {"phuong an", "phuong an tra loi", "cac phuong an", "lua chon", "cac lua chon", "options", "choices"}


def normalise_header(value: object) -> str:
    """Folded text without parenthetical notes or punctuation: "Đáp án đúng (A/B/C/D)" -> "dap an dung"."""
    if value is None:
        return ""
    # camelCase and snake_case template headers: "questionText", "option_a", "choice1"
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(value).strip())
    text = fold(text).replace("_", " ")
    text = re.sub(r"(?<=[a-z])(?=\d)", " ", text)
    # "(A) Option" / "A)" name an option by a letter in brackets: keep that letter
    text = re.sub(r"^\(([a-f])\)\s*(option|choice|phuong an|dap an|lua chon)?$", r"\1", text.strip())
    text = re.sub(r"^([a-f])\s*[.)]$", r"\1", text)
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = text.replace("&", " ")
    text = re.sub(r"[^\w#]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def header_field(value: object) -> str | None:
    """The field a header names ("stem", "option:A", ...), or None.

    "Lớp/Khối" and "Câu hỏi / Nội dung" name one field two ways: either name counts.
    """
    found = _one_field(normalise_header(value))
    text = str(value) if value is not None else ""
    if found is None and "/" in text and "(" not in text:
        fields = {_one_field(normalise_header(part)) for part in text.split("/")} - {None}
        found = fields.pop() if len(fields) == 1 else None
    return found


def _one_field(key: str) -> str | None:
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    m = _OPTION.match(key)
    if m:
        return f"option:{m.group(1).upper()}"
    m = _OPTION_NUM.match(key)
    if m:
        return f"option:{OPTION_LABELS[int(m.group(1)) - 1]}"
    return None


@dataclass
class Header:
    """Where the header is and which column holds what (0-based column indexes)."""

    row: int  # 0-based index of the (last) header row
    columns: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # field -> header text as written
    top: int = -1  # 0-based index of the first header row (a sub-header row may follow it)
    right_first: bool = False  # option A is the right one ("Phương án đúng | Phương án sai 1..3")

    def __post_init__(self) -> None:
        if self.top < 0:
            self.top = self.row

    @property
    def numbered_answers(self) -> bool:
        """Options headed Option1..4, or an answer header such as "Đáp án (1-4)": a digit means a position."""
        options = [name for fld, name in self.names.items() if fld.startswith("option:")]
        return any(re.search(r"\d\s*$", name) for name in options) or bool(
            re.search(r"\d", self.names.get("answer", ""))
        )

    @property
    def option_columns(self) -> list[tuple[str, int]]:
        return sorted(
            ((f.split(":", 1)[1], c) for f, c in self.columns.items() if f.startswith("option:")),
            key=lambda item: item[0],
        )


def map_row(row: Sequence[object]) -> dict[str, int]:
    """Field -> column for one candidate header row; the first column naming a field wins."""
    found: dict[str, int] = {}
    for col, value in enumerate(row):
        # rich-text headers (one word bold) arrive as CellRichText, a list of runs: read their text
        fld = header_field(str(value)) if value is not None and not isinstance(value, (int, float)) else None
        if fld and fld not in found:
            found[fld] = col
    return found


HEADER_SCAN = 30  # the header is looked for in the first rows of a sheet


def find_header(rows: Sequence[Sequence[object]], scan: int = HEADER_SCAN) -> Header | None:
    """The first row among the first ``scan`` that names a question column and another field.

    A second header row right below (option letters under a merged "Phương án" heading)
    is folded in.
    """
    for r, row in enumerate(rows[:scan]):
        found = map_row(row)
        if "stem" not in found:
            continue
        others = set(found) - {"stem"}
        has_options = any(f.startswith("option:") for f in others)
        if not others or (len(others) == 1 and not (has_options or others & {"number", "answer"})):
            continue
        header = Header(r, found, {f: str(row[c]).strip() for f, c in found.items()})
        if r + 1 < len(rows):
            _fold_sub_header(header, row, rows[r + 1])
        _right_and_wrong_options(header, rows[header.row])
        return header
    return None


def _fold_sub_header(header: Header, row: Sequence[object], below: Sequence[object]) -> None:
    sub = map_row(below)
    new = {f: c for f, c in sub.items() if f.startswith("option:") and f not in header.columns}
    if len(new) < 2:
        return
    # The letters must sit under a group heading or under nothing (a merged cell's tail).
    for c in new.values():
        above = normalise_header(row[c]) if c < len(row) else ""
        if above and above not in _OPTION_GROUP and header_field(row[c]) != "answer":
            return
    if "answer" in header.columns and header.columns["answer"] in new.values():
        # "Đáp án" was the group heading over A..D, not the key column; "Đáp án đúng" may follow
        del header.columns["answer"]
        header.names.pop("answer", None)
        for c, value in enumerate(row):
            if c not in new.values() and value is not None and header_field(str(value)) == "answer":
                header.columns["answer"] = c
                header.names["answer"] = str(value).strip()
                break
    header.columns.update(new)
    header.names.update({f: str(below[c]).strip() for f, c in new.items()})
    header.row += 1


def _right_and_wrong_options(header: Header, row: Sequence[object]) -> None:
    """ "Phương án đúng | Phương án sai 1 | ... 3" with no option columns: the right option is A, the
    wrong ones B, C, D in the file's order (an exam shuffles them later)."""
    if "answer" not in header.columns or header.option_columns:
        return
    wrong = [c for c, value in enumerate(row) if value is not None and _WRONG.match(normalise_header(value))]
    if not wrong:
        return
    columns = [header.columns.pop("answer"), *wrong][: len(OPTION_LABELS)]
    name = header.names.pop("answer", "")
    for label, c in zip(OPTION_LABELS, columns, strict=False):
        header.columns[f"option:{label}"] = c
        header.names[f"option:{label}"] = name if label == "A" else str(row[c]).strip()
    header.right_first = True


def later_headers(rows: Sequence[Sequence[object]], header: Header) -> list[Header]:
    """Header rows further down the sheet, each starting a table of its own: a bank sheet with
    "CHỦ ĐỀ 2" and the header again below the first table. A row counts when it names the question
    column and at least two other fields (or repeats the header above), and holds nothing but short text."""
    found: list[Header] = []
    r = header.row + 1
    while r < len(rows):
        row = rows[r]
        cells = [v for v in row if v is not None and str(v).strip()]
        if len(cells) >= 2 and all(not isinstance(v, (int, float)) and len(str(v)) <= 80 for v in cells):
            fields = map_row(row)
            # the same header again ("Câu hỏi | Đáp án"), or a header of its own naming three fields
            if "stem" in fields and (len(fields) >= 3 or fields.items() <= header.columns.items()):
                below = find_header([row, *rows[r + 1 : r + 2]], scan=1)
                if below is not None:
                    below.row += r
                    below.top += r
                    found.append(below)
                    r = below.row
        r += 1
    return found
