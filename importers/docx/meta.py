"""The paper's header (Sở GD&ĐT, kỳ thi, năm học, môn, lớp, thời gian, mã đề) read into ``meta``."""

from __future__ import annotations

import re
from typing import Any

from qbank.domain.question import Tags
from qbank.domain.text import clean, fold

_DEPT = re.compile(
    r"S[ỞơOở]\s*(?:GI[ÁA]O\s*D[ỤU]C|GD)\s*(?:V[ÀA]|&|và)?\s*(?:Đ[ÀA]O\s*T[ẠA]O|ĐT|DT)\s*[-:–]?\s*(?P<rest>.*)$",
    re.I,
)
# "UBND TỈNH LẠNG SƠN" / "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" above "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the province.
_UBND = re.compile(
    r"^\s*(?:UBND|[ỦỦU]Y\s*BAN\s*NH[ÂA]N\s*D[ÂA]N)\s+(?P<rest>(?:T[ỈI]NH|TH[ÀA]NH\s*PH[ỐO]|TP\.?)\s+.*)$", re.I
)
_NOT_PROVINCE = re.compile(r"^(?:đề|de|trường|truong|kỳ|ky|kì|phòng|phong|mã|ma)\b", re.I)
_YEAR_RANGE = re.compile(r"(?P<a>(?:19|20)\d{2})\s*[-–—/]\s*(?P<b>(?:19|20)\d{2})")
_YEAR_ONE = re.compile(r"\bN[ĂA]M\s+(?P<y>(?:19|20)\d{2})\b", re.I)
_SUBJECT = re.compile(r"(?:M[ôo]n\s*thi|M[ôo]n\s*h[ọo]c|M[ôo]n|B[àa]i\s*thi|Subject)\s*[:.]?\s*(?P<s>[^\n\-–,(;]+)", re.I)
_GRADE = re.compile(r"\b(?:L[ỚO]P|KH[ỐO]I|GRADE)\s*(?P<g>\d{1,2})\b", re.I)
_CODE = re.compile(r"M[ãa]\s*đ[ềe](?:\s*thi)?\s*[:.]?\s*(?P<c>[A-Z0-9]{2,6})\b", re.I)
_DURATION = re.compile(r"Th[ờo]i\s*gian(?:\s*l[àa]m\s*b[àa]i)?\s*[:.]?\s*(?P<m>\d{2,3})\s*ph[úu]t", re.I)
_EXAM = re.compile(
    r"^(?:K[ỲỲY]\s*THI|Đ[ỀE]\s*(?!CH[ÍI]NH\s*TH[ỨU]C|D[ỰU]\s*B[ỊI])[A-ZÀ-Ỹ]{2,}|KI[ỂE]M\s*TRA|KH[ẢA]O\s*S[ÁA]T|THI\s+TH[ỬU]"
    r"|B[ÀA]I\s*KI[ỂE]M\s*TRA|OLYMPIC|H[ỘO]I\s*THI)\b"
)
_PROVINCE_PREFIX = re.compile(r"^(?:T[ỈI]NH|TH[ÀA]NH\s*PH[ỐO]|TP\.?)\s+", re.I)

# Canonical subject names (folded key -> name as the bank writes it).
_SUBJECTS = {
    "toan": "Toán", "ngu van": "Ngữ văn", "van": "Ngữ văn", "tieng anh": "Tiếng Anh", "anh van": "Tiếng Anh",
    "vat li": "Vật lí", "vat ly": "Vật lí", "hoa hoc": "Hóa học", "hoa": "Hóa học", "sinh hoc": "Sinh học",
    "sinh": "Sinh học", "lich su": "Lịch sử", "dia li": "Địa lí", "dia ly": "Địa lí", "tin hoc": "Tin học",
    "gdcd": "Giáo dục công dân", "giao duc cong dan": "Giáo dục công dân", "cong nghe": "Công nghệ",
    "khoa hoc tu nhien": "Khoa học tự nhiên", "khtn": "Khoa học tự nhiên", "tieng phap": "Tiếng Pháp",
    "giao duc kinh te va phap luat": "Giáo dục kinh tế và pháp luật", "english": "Tiếng Anh", "math": "Toán",
    "mathematics": "Toán", "physics": "Vật lí", "chemistry": "Hóa học", "biology": "Sinh học",
}  # fmt: skip


def read_meta(lines: list[str]) -> dict[str, Any]:
    """Meta from the header's lines (table cells and paragraphs before the first question)."""
    meta: dict[str, Any] = {}
    flat = [clean(x) for line in lines for x in line.split("\n")]
    flat = [x for x in flat if x]
    for i, line in enumerate(flat):
        if "department" not in meta:
            m = _UBND.match(line) or _DEPT.search(line)
            if m:
                rest = m.group("rest").strip()
                if not rest and i + 1 < len(flat):
                    rest = flat[i + 1]
                dept = _province(rest)
                if dept:
                    meta["department"] = dept
        if "exam" not in meta and _EXAM.match(line):
            meta["exam"] = line
        if "year" not in meta:
            m = _YEAR_RANGE.search(line)
            if m and int(m.group("b")) == int(m.group("a")) + 1:
                meta["year"] = f"{m.group('a')}-{m.group('b')}"
        if "subject" not in meta:
            m = _SUBJECT.search(line)
            if m:
                subj = subject_name(m.group("s"))
                if subj:
                    meta["subject"] = subj
                g = re.search(r"\s(\d{1,2})\s*$", clean(m.group("s")))
                if g and 1 <= int(g.group(1)) <= 12 and "grade" not in meta:
                    meta["grade"] = int(g.group(1))  # "Môn: Lịch sử 10"
        if "grade" not in meta:
            m = _GRADE.search(line)
            if m and 1 <= int(m.group("g")) <= 12:
                meta["grade"] = int(m.group("g"))
        if "code" not in meta:
            m = _CODE.search(line)
            if m:
                meta["code"] = m.group("c")
        if "duration_minutes" not in meta:
            m = _DURATION.search(line)
            if m:
                meta["duration_minutes"] = int(m.group("m"))
    if "year" not in meta:
        # A graduation exam says "NĂM 2025": that is the 2024-2025 school year.
        for line in flat:
            m = _YEAR_ONE.search(line)
            if m:
                y = int(m.group("y"))
                meta["year"] = f"{y - 1}-{y}"
                break
    if "grade" not in meta:
        folded = fold(" ".join(flat))
        if "tot nghiep" in folded or "thpt quoc gia" in folded or "thptqg" in folded:
            meta["grade"] = 12
    return meta


def _province(text: str) -> str | None:
    text = clean(re.split(r"[\n|]|\s{3,}", text)[0])
    text = _PROVINCE_PREFIX.sub("", text).strip(" -–—:.")
    if not text or len(text) > 40 or any(ch.isdigit() for ch in text) or _NOT_PROVINCE.match(text):
        return None  # "ĐỀ CHÍNH THỨC" on the line under "SỞ GIÁO DỤC VÀ ĐÀO TẠO" is not a province
    text = re.sub(r"\s*[–—]\s*|\s+-\s+", " - ", text)  # "BÀ RỊA – VŨNG TÀU" -> "Bà Rịa - Vũng Tàu"
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def subject_name(raw: str) -> str | None:
    raw = clean(raw).strip(" .:")
    raw = re.split(r"\s+(?:-|–)\s+|\s+L[ỚO]P\b|\s+KH[ỐO]I\b", raw, flags=re.I)[0].strip()
    raw = re.sub(r"\s+\d{1,2}$", "", raw)  # "Lịch sử 10": the grade is not part of the subject
    if not raw or len(raw) > 40:
        return None
    key = fold(raw)
    if key in _SUBJECTS:
        return _SUBJECTS[key]
    return raw[:1].upper() + raw[1:].lower()


def tags_from_meta(meta: dict[str, Any]) -> Tags:
    return Tags(
        subject=meta.get("subject"),
        grade=meta.get("grade"),
        school_year=meta.get("year"),
        source_exam=meta.get("exam"),
        department=meta.get("department"),
    )
