"""Tags that an archive's folder and file names suggest: grade, subject, school year, "HSG"."""

from __future__ import annotations

import re
from typing import Any

from qbank.domain.text import fold

# Folded words (as they appear in folder names, spaces/underscores/dashes alike) → subject.
_SUBJECTS: list[tuple[str, str]] = [
    ("toan", "Toán"),
    ("vat li", "Vật lí"), ("vat ly", "Vật lí"), ("vatli", "Vật lí"), ("vatly", "Vật lí"), ("ly", "Vật lí"), ("li", "Vật lí"),
    ("hoa hoc", "Hóa học"), ("hoahoc", "Hóa học"), ("hoa", "Hóa học"),
    ("sinh hoc", "Sinh học"), ("sinhhoc", "Sinh học"), ("sinh", "Sinh học"),
    ("ngu van", "Ngữ văn"), ("nguvan", "Ngữ văn"), ("van", "Ngữ văn"),
    ("tieng anh", "Tiếng Anh"), ("tienganh", "Tiếng Anh"), ("anh", "Tiếng Anh"), ("english", "Tiếng Anh"),
    ("lich su", "Lịch sử"), ("lichsu", "Lịch sử"), ("su", "Lịch sử"),
    ("dia li", "Địa lí"), ("dia ly", "Địa lí"), ("diali", "Địa lí"), ("dialy", "Địa lí"), ("dia", "Địa lí"),
    ("tin hoc", "Tin học"), ("tinhoc", "Tin học"), ("tin", "Tin học"),
    ("gdcd", "Giáo dục công dân"),
]
_GRADE = re.compile(r"(?:^|\s)(?:lop|khoi|grade|l|k)\s?(\d{1,2})(?=\s|$)")
_NUMBER = re.compile(r"(?:^|\s)([a-z]*)\s?(?<!\d)(\d{1,2})(?=\s|$)")
# "đề 1", "mã đề 2", "câu 3", "lần 2": numbers that are not grades
_NOT_GRADE = {"de", "ma", "made", "cau", "so", "bai", "phan", "lan", "dot", "ky", "ki", "vong", "tuan", "tiet", "hk", "hki"}
_YEAR_PAIR = re.compile(r"(?<!\d)(19\d\d|20\d\d)\s?(?:-|_|\s)?\s?(19\d\d|20\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_HSG = re.compile(r"(?:^|\s)(?:hsg|hoc sinh gioi|thi chon hsg)(?=\s|\d|$)")


def _words(part: str) -> str:
    """A folder or file name folded to lower-case words: "HSG_Toán-12" → "hsg toan 12"."""
    text = fold(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", part))
    text = re.sub(r"[_\-.,()\[\]+]+", " ", text)
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)  # "toan12" → "toan 12", "lop12" → "lop 12"
    return " " + re.sub(r"\s+", " ", text).strip() + " "


def suggest_tags(path: str) -> dict[str, Any]:
    """What the names on ``path`` ("HSG/2019-2020/Lop 12/Toan/de1.docx") suggest; the nearest name wins.

    Returns only the tags found: ``grade`` (int), ``subject``, ``school_year`` ("2019-2020") and
    ``exam`` ("HSG"). Short words ("ly", "su", "anh") count only as whole words.
    """
    found: dict[str, Any] = {}
    for part in reversed([p for p in path.replace("\\", "/").split("/") if p]):
        words = _words(part)
        if "grade" not in found:
            m = _GRADE.search(words)
            # "01_", "05 de": a leading zero numbers files, it is not a grade
            grades = [int(m.group(1))] if m else [int(n) for w, n in _NUMBER.findall(words) if w not in _NOT_GRADE and n[0] != "0"]
            grades = [g for g in grades if 1 <= g <= 12]
            if grades:
                found["grade"] = grades[0]
        if "school_year" not in found:
            pair = _YEAR_PAIR.search(words)
            if pair and int(pair.group(2)) == int(pair.group(1)) + 1:
                found["school_year"] = f"{pair.group(1)}-{pair.group(2)}"
            elif (single := _YEAR.search(words)) is not None:
                found["school_year"] = f"{int(single.group(1)) - 1}-{single.group(1)}"  # an exam year ends its school year
        if "subject" not in found:
            for word, subject in _SUBJECTS:
                if f" {word} " in words:
                    found["subject"] = subject
                    break
        if "exam" not in found and _HSG.search(words):
            found["exam"] = "HSG"
    return found
