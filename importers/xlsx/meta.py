"""What a bank states about itself: subject, grade, year and department from its title rows."""

from __future__ import annotations

import re
from collections import Counter

from importers.base import ImportResult
from importers.xlsx.sheet import Sheet
from importers.xlsx.values import known_subject, normalise_subject, parse_level, parse_type, subject_before_grade
from qbank.domain.text import clean, fold

_SUBJECT = re.compile(
    r"\bmôn(?:\s+học)?\s*[:\-]?\s*(.+?)(?=\s*[-–,;.(]?\s*\b(?:lớp|khối|năm học|thời gian|năm)\b|\s*[-–,;(]|$)",
    re.IGNORECASE,
)
_GRADE = re.compile(r"\b(?:lớp|khối)\s*[:\-]?\s*(1[0-2]|[1-9])(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2})\s*[-–/]\s*(20\d{2})\b")
_DEPARTMENT = re.compile(
    r"(?:\bsở\s+(?:giáo\s+dục|gd)\s*(?:và|&)?\s*(?:đào\s+tạo|đt)?|\bđơn\s+vị)\s*[:\-]?\s*(.+?)"
    # a title block runs on with the school and the subject group: "SỞ GD&ĐT QUẢNG NINH TRƯỜNG THPT ..."
    r"(?=\s*[-–,;(]|\s+(?:trường|tổ|phòng|nhóm)\s|$)",
    re.IGNORECASE,
)

# "UBND TỈNH LẠNG SƠN" / "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" above "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the province.
_UBND = re.compile(r"^\s*(?:ubnd|[uủ]y\s+ban\s+nhân\s+dân)\s+((?:tỉnh|thành\s+phố|tp\.?)\s+.+)$", re.IGNORECASE)
_PROVINCE_PREFIX = re.compile(r"^(?:tỉnh|thành\s+phố|tp\.?)\s+", re.IGNORECASE)
# what is left of "SỞ GIÁO DỤC VÀ ĐÀO TẠO" when the line names no province
_NOT_PROVINCE = re.compile(r"^(?:trường|tổ|phòng|nhóm|đề|kỳ|kì)\b", re.IGNORECASE)
_NO_DEPARTMENT = re.compile(r"^(?:(?:và|&)\s*)?(?:đào\s+tạo|đt)?$", re.IGNORECASE)

# A title in the opening rows of a sheet with no question table (a cover or "Hướng dẫn" sheet):
# typed in capitals, or starting the way bank titles start. Instructions below it are not read.
_COVER_ROWS = 5
_COVER_TITLE = re.compile(r"^(?:ngan hang|bo cau hoi|bo de|de thi|de kiem tra|cau hoi|mon)\b")
_TRAILING_GRADE = re.compile(r"\s+(1[0-2]|[1-9])$")


def read_title_rows(sheet: Sheet, header_row: int, meta: dict) -> None:
    """Fill ``meta`` from the text above the header (``header_row``: its first row)."""
    for r in range(header_row):
        for c in range(len(sheet.values[r])):
            text = clean(sheet.text(r, c).replace("\n", " "))
            if text:
                read_title(text, meta, sheet.text(r, c).splitlines())


def read_cover(sheet: Sheet, meta: dict) -> None:
    """Fill ``meta`` from the title of a sheet without a question table:
    "NGÂN HÀNG CÂU HỎI MÔN LỊCH SỬ 12" on a first "Hướng dẫn" sheet speaks for the workbook."""
    for r in range(min(_COVER_ROWS, len(sheet.values))):
        for c in range(len(sheet.values[r])):
            text = clean(sheet.text(r, c).replace("\n", " "))
            if text and len(text) <= 200 and (text.isupper() or _COVER_TITLE.match(fold(text))):
                read_title(text, meta, sheet.text(r, c).splitlines())


def read_title(text: str, meta: dict, lines: list[str] | None = None) -> None:
    """ "NGÂN HÀNG CÂU HỎI MÔN TOÁN LỚP 12" -> subject Toán, grade 12; "MÔN LỊCH SỬ 12" too.

    ``lines``: the cell's own lines, where a title block's "SỞ GD&ĐT QUẢNG NINH" ends the department."""
    meta.setdefault("title", text)
    if "subject" not in meta and (m := _SUBJECT.search(text)):
        subject = clean(m.group(1))
        if g := _TRAILING_GRADE.search(subject):
            # "MÔN ĐỊA LÍ 10": the number after the subject's name is the grade
            subject = subject[: g.start()]
            meta.setdefault("grade", int(g.group(1)))
        if subject:
            meta["subject"] = normalise_subject(subject)
    if "subject" not in meta and (found := subject_before_grade(text)):
        meta["subject"] = found[0]
        meta.setdefault("grade", found[1])
    if "grade" not in meta and (m := _GRADE.search(text)):
        meta["grade"] = int(m.group(1))
    if "year" not in meta and (m := _YEAR.search(text)):
        meta["year"] = f"{m.group(1)}-{m.group(2)}"
    if "department" not in meta:
        for line in [*(clean(line) for line in lines or []), text]:
            if dept := _department(line):
                meta["department"] = dept
                break


def _department(line: str) -> str | None:
    """The province of "SỞ GD&ĐT QUẢNG NINH" / "UBND TỈNH LẠNG SƠN", or the "Đơn vị: ..." named."""
    m = _UBND.match(line) or _DEPARTMENT.search(line)
    dept = _PROVINCE_PREFIX.sub("", clean(m.group(1))) if m else ""
    if not dept or _NO_DEPARTMENT.match(dept):
        return None
    if fold(m.group(0)).startswith("so") and _NOT_PROVINCE.match(dept):
        return None  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO" then the school: no province named
    return dept.title() if dept.isupper() else dept


def fill_from_questions(result: ImportResult) -> None:
    """A bank whose subject/grade columns agree on one value states it for the whole file."""
    for key in ("subject", "grade"):
        if result.meta.get(key) is not None:
            continue
        values = Counter(getattr(q.tags, key) for q in result.questions)
        values.pop(None, None)
        if len(values) == 1:
            result.meta[key] = next(iter(values))


# Words that name no topic: default sheet names, "the bank", "the questions", a paper, a type.
_GENERIC_WORDS = set(
    "sheet trang tinh bang worksheet data du lieu cau hoi question questions ngan hang bank import export "
    "template mau nhap danh sach list tong hop all tat ca de thi kiem tra dap an answers key bo noi dung "
    "tn tl tnkq trac nghiem tu luan mcq quiz test new moi final huong dan vi du example sample".split()
)
_PERIOD = re.compile(r"\b(?:hk\s*(?:\d|i+\b)|hk\b|hoc k[iy]|giua k[iy]|cuoi k[iy]|semester|term|nam hoc)|\b20\d\d\b")
_GRADE_WORD = re.compile(r"\b(?:lop|khoi|grade|class)\b")
_SUBJECT_GRADE_NAME = re.compile(r"(?:(.*?)\s+)?(1[0-2]|[1-9])(?:[a-z]\d*)?")


def sheet_defaults(name: str) -> dict:
    """What a sheet's name says about its questions, for the fields the rows leave out.

    A bank with one sheet per topic names each sheet after it ("Liên hợp quốc", "Chương 1");
    "Lớp 10" / "Địa lí 10" give the grade and subject, "Nhận biết" / "VD" the level, and default
    or generic names ("Sheet1", "Trang tính1", "Câu hỏi", "Data", "Đề 1", "HK1") nothing.
    """
    text = clean(name)
    key = re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()
    words = re.sub(r"\d+", " ", key).split()
    glued = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # "CauHoi", "QuestionBank"
    glued_words = re.sub(r"[^a-z]+", " ", fold(glued)).split()
    if not words or all(w in _GENERIC_WORDS for w in words) or all(w in _GENERIC_WORDS for w in glued_words):
        return {}
    if level := parse_level(text):
        return {"level": level}
    if (subject := known_subject(text)) is not None:
        return {"subject": subject}
    if m := _SUBJECT_GRADE_NAME.fullmatch(re.sub(r"\s+", " ", _GRADE_WORD.sub(" ", key)).strip()):
        subject = known_subject(m.group(1)) if m.group(1) else None
        if m.group(1) is None or subject is not None:
            return {"grade": int(m.group(2))} | ({"subject": subject} if subject else {})
    if _PERIOD.search(key) or parse_type(text) is not None:
        return {}
    return {"topic": text}
