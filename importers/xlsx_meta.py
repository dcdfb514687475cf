"""What a bank states about itself: subject, grade, year and department from its title rows."""

from __future__ import annotations

import re
from collections import Counter

from importers.base import ImportResult
from importers.xlsx_sheet import Sheet
from importers.xlsx_values import normalise_subject
from qbank.domain.text import clean

_SUBJECT = re.compile(
    r"\bmôn(?:\s+học)?\s*[:\-]?\s*(.+?)(?=\s*[-–,;.(]?\s*\b(?:lớp|khối|năm học|thời gian|năm)\b|\s*[-–,;(]|$)",
    re.IGNORECASE,
)
_GRADE = re.compile(r"\b(?:lớp|khối)\s*[:\-]?\s*(1[0-2]|[1-9])(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2})\s*[-–/]\s*(20\d{2})\b")
_DEPARTMENT = re.compile(
    r"(?:\bsở\s+(?:giáo\s+dục|gd)\s*(?:và|&)?\s*(?:đào\s+tạo|đt)?|\bđơn\s+vị)\s*[:\-]?\s*(.+?)(?=\s*[-–,;(]|$)",
    re.IGNORECASE,
)


def read_title_rows(sheet: Sheet, header_row: int, meta: dict) -> None:
    """Fill ``meta`` from the text above the header; what an earlier sheet stated wins."""
    for r in range(header_row):
        for c in range(len(sheet.values[r])):
            text = clean(sheet.text(r, c).replace("\n", " "))
            if text:
                read_title(text, meta)


def read_title(text: str, meta: dict) -> None:
    """ "NGÂN HÀNG CÂU HỎI MÔN TOÁN LỚP 12" -> subject Toán, grade 12."""
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


def fill_from_questions(result: ImportResult) -> None:
    """A bank whose subject/grade columns agree on one value states it for the whole file."""
    for key in ("subject", "grade"):
        if result.meta.get(key) is not None:
            continue
        values = Counter(getattr(q.tags, key) for q in result.questions)
        values.pop(None, None)
        if len(values) == 1:
            result.meta[key] = next(iter(values))
