"""The conventions of Vietnamese and English papers as patterns: labels, points, parts, headings, boilerplate."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _fold_table() -> dict[int, str | None]:
    """One translate table for Latin letters with diacritics (and stray combining marks)."""
    table: dict[int, str | None] = {}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if base != ch and base.isascii():
            table[cp] = base
    for cp in range(0x300, 0x370):
        table[cp] = None
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``qbank.domain.text.fold`` for the importer's hot path: a C-level translate, same result on NFC text."""
    return text.translate(_FOLD).casefold()

# "Câu 1:", "Câu 1.", "Câu 1 (2,0 điểm).", "Bài 1.", "Question 1:", "Câu hỏi 3", "Q4."
_Q_WORD = re.compile(
    r"^[\s*]*(?P<word>c[aâ]u\s*h[oỏ]i|c[aâ]u(?:\s+s[ốo](?=\s*\d))?|b[aà]i|question|q)\s*(?P<num>\d{1,5}|[IVX]{1,5}(?![a-z]))\b"
    r"\s*(?:[(\[]\s*(?P<lvl>NB|TH|VDC|VD|VDT)\s*(?:[)\]]|[-,;:]\s*(?=\d)))?"  # "(NB)", or "(TH - 0,25đ)"
    r"\s*(?P<pts>\(?\s*\d+(?:[.,]\d+)?\s*(?:điểm|điềm|đ|d|pts?|points?|marks?)\s*\))?"
    r"\s*(?P<sep>[:.)\-–/]|$)?",
    re.I,
)
_Q_BRACKET = re.compile(r"^\s*\[(?P<num>\d{1,5})\]\s*")
_Q_BARE = re.compile(r"^\s*(?P<num>\d{1,5})\s*[.)]\s*(?=\S)")
# Option labels: "A." / "A)" / "*A." / "A/" / "A:" / "A -" / "[A]"; the first must open the line.
_OPT_SEP = r"(?:[.)/:]|(?<=\[[A-H])\]|\s*[-–](?=\s))(?![.,/:])"
OPTION_START = re.compile(r"^[\s]*(?P<star>\*)?\s*[(\[]?(?P<letter>[A-H])\s*" + _OPT_SEP + r"\s*")
# Later labels on the same line follow a tab, spaces or an equation: "A. 1\tB. 2", "A. x  B. y".
OPTION_INLINE = re.compile(r"(?:(?<=[\s\ufffc$])|^)(?P<star>\*)?[(\[]?(?P<letter>[A-H])\s*" + _OPT_SEP)
# In table banks options are often glued to the text before them: "... là:A. 3B. 1/2".
# Lower-case labels "a. 1<tab>b. 2" used as options (several on one line tell them from sub-parts).
OPTION_START_LOWER = re.compile(r"^\s*(?P<star>\*)?\s*(?P<letter>[a-h])\s*[.)](?![.,])\s*")
OPTION_INLINE_LOWER = re.compile(r"(?:(?<=[\t\ufffc])|(?<=\s\s))(?P<star>\*)?(?P<letter>[a-h])\s*[.)](?![.,])")
OPTION_LOOSE = re.compile(r"(?P<star>\*)?(?P<letter>[A-H])\s*[.)](?![\w.,])")
SUBPART = re.compile(r"^\s*(?P<letter>[a-h])\s*\)\s*|^\s*(?P<letter2>[a-h])\s*\.\s+(?=\S)")
# "1) ..." / "1. ..." parts of an essay question (never a question: those papers label questions "Câu").
NUMBERED_PART = re.compile(r"^\s*(?P<letter>\d{1,2}(?:\.\d{1,2})?)\s*[).]\s+(?=\S)")  # "1)", "2.", "1.1."
POINTS = re.compile(r"\(\s*(?P<pts>\d+(?:[.,]\d+)?)\s*(?:điểm|điềm|đ|d|pts?|points?|marks?)\s*\)", re.I)
TRAILING_POINTS = re.compile(r"(?:^|\s)(?P<pts>\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\s*$", re.I)
SECTION_PHAN = re.compile(r"^\s*(?P<word>PH[ẦÂA]N|PART|SECTION)\s+(?P<num>[IVX]{1,4}|\d{1,2}|[A-D])\b", re.I)
SECTION_ROMAN = re.compile(r"^\s*(?P<num>[IVX]{1,4})\s*[.)\-–]\s*(?P<title>\S.*)$")
SECTION_LETTER = re.compile(r"^\s*(?P<num>[A-D])\s*[.)\-–]\s*(?P<title>(?:TRẮC NGHIỆM|TỰ LUẬN|PHẦN)\b.*)$", re.I)
ANSWER_LINE = re.compile(
    r"^\s*(?:answer|key|correct answer|đáp án(?: đúng)?(?: là)?|đáp số|chọn(?: đáp án| phương án)?|trả lời|kết quả"
    r"|đa(?=\s*:)|đs(?=\s*[:=])|kq(?=\s*[:=]))\s*[:.=]?\s*(?P<val>.+?)\s*$",
    re.I,
)
LETTER = re.compile(r"^\*?\(?(?P<l>[A-Ha-h])\)?[.)]?$")
SOLUTION_MARK = re.compile(
    r"^\s*(?:l[ờo]i\s*gi[ảa]i(?:\s*chi\s*ti[ếe]t)?|h[ưu][ớo]ng\s*d[ẫa]n(?:\s*gi[ảa]i)?|hdg|hd|gi[ảa]i|solution|explanation"
    r"|đáp án chi tiết|phân tích)\s*[:.]?\s*",
    re.I,
)
CHOOSE_ONE = re.compile(r"^[\s\ue000-\uf8ff\u200b]*(?:select only one|select one|choose one|choose the (?:best|correct) answer|chọn một(?: đáp án| phương án)?)\s*[.:]?\s*$", re.I)
# Instructions that open a block of questions in English papers (not part of the question before).
INSTRUCTION = re.compile(
    r"^\s*(?:mark the letter|(?:choose|circle|select) the (?:word|best|correct|letter|sentence|option|answer)|indicate the|read the following"
    r"|circle (?:a|the letter)|fill in (?:each|the)|match (?:each|the)|put the (?:words?|verbs?)"
    r"|select the (?:word|best|correct)|give the correct form|write the correct|complete the following"
    r"|rewrite (?:each|the following|these)|finish (?:each|the following)|write (?:a |the )?new sentences?"
    r"|khoanh tròn|chọn (?:phương án|đáp án) đúng (?:cho|nhất cho) (?:các|mỗi) câu)",
    re.I,
)
LEVEL_TAG = re.compile(
    r"^\s*[\[(<]\s*(?:(?:M[ỨU]C|MĐ|Mức độ|LEVEL)\s*(?P<n>[1-4])|(?P<abbr>NB|TH|VDC|VD|VDT))\s*[\])>]\s*[:.]?\s*", re.I
)
END_MARK = re.compile(r"^[\s\-–—_.*=~]*(?:H[ẾE]T|THE END|END)[\s\-–—_.*=~!]*$", re.I)
PASSAGE_RANGE = re.compile(r"(?:from|questions?|câu|từ câu)\s*(?P<a>\d{1,3})\s*(?:to|-|–|đến|tới)\s*(?:câu\s*)?(?P<b>\d{1,3})", re.I)
# "1-A", "1.A", "1A", "1) A", "1:A"; run together ("1A2B3C") a letter ends at the next digit.
KEY_PAIR = re.compile(r"(?<!\d)(?P<n>\d{1,5})\s*[-.:)\s]?\s*(?P<v>[A-D])(?![^\W\d_])")
# One pair alone on a line of a key: "1-A", "Câu 1: A", "1) A.".
KEY_SINGLE = re.compile(r"^\s*(?:c[aâ]u\s*)?(?P<n>\d{1,5})\s*[-.:)]?\s*(?P<v>[A-D])\s*\.?\s*$", re.I)

_LEVELS = {"1": "Nhận biết", "2": "Thông hiểu", "3": "Vận dụng", "4": "Vận dụng cao"}
_BOILERPLATE = (
    "ho, ten thi sinh", "ho ten thi sinh", "ho va ten thi sinh", "ho va ten:", "ho ten:", "so bao danh",
    "ho ten hoc sinh", "ho va ten hoc sinh", "sbd:", "phong thi:", "giam thi 1", "chu ky giam thi",
    "thi sinh khong duoc su dung tai lieu", "can bo coi thi khong giai thich", "giam thi khong giai thich",
    "(de thi gom", "(de gom", "(de co", "de thi gom", "(khong ke thoi gian", "(huong dan cham gom", "chu ky cua can bo",
    "ho ten, chu ky", "chu ki cua giam thi", "trang 1/", "ma de thi", "ma de:", "de chinh thuc", "de thi thu", "lop:",
    "name:", "class:", "student's name", "candidate", "the end", "luu y: neu hoc sinh", "luu y: - neu",
    "moi cau tra loi dung thi sinh duoc", "moi cau hoi thi sinh chi chon", "thi sinh tra loi tu cau",
)  # fmt: skip
_KEY_HEADINGS = ("dap an", "bang dap an", "answer key", "answers", "key", "dap an trac nghiem", "bang dap an trac nghiem")
_GUIDE_HEADINGS = ("huong dan cham", "dap an va huong dan cham", "dap an - huong dan cham", "huong dan cham va dap an",
                   "dap an, huong dan cham", "hdc", "marking guide", "marking scheme", "dap an va bieu diem",
                   "dap an - thang diem", "dap an va thang diem")  # fmt: skip
_SOLUTION_HEADINGS = ("huong dan giai", "loi giai", "loi giai chi tiet", "bang dap an va huong dan giai",
                      "dap an va loi giai", "dap an va huong dan giai", "giai chi tiet", "huong dan giai chi tiet",
                      "solutions", "answers and explanations")  # fmt: skip
_PASSAGE_INTROS = ("read the following", "read the passage", "read the text", "refer to the following",
                   "based on the following", "use the following passage", "doc doan trich", "doc van ban",
                   "doc doan ", "doc bai tho", "doc ngu lieu", "doc doan tho", "doc kho tho", "doc phan trich",
                   "doc truyen", "doc tac pham", "cho doan trich", "cho doan van", "cho van ban", "doc bai van",
                   "doc thong tin", "doc tu lieu", "doc bang", "doc cau chuyen")  # fmt: skip


@dataclass
class QLabel:
    number: int | None
    end: int  # offset in the label text where the question text starts
    kind: str  # "word" | "bracket" | "bare" | "auto"
    points: float | None = None
    level: str | None = None  # "Câu 1 (NB):" carries the cognitive level


# What tells a section's instruction from a question that happens to start with "Choose the ...".
_FOR_QUESTIONS = re.compile(r"following (?:questions|sentences|exchanges|passage)|each of the|A,\s*B,\s*C,?\s*(?:or|and)\s*D"
                            r"|questions?\s+\d|(?:mỗi|các) câu", re.I)


def section_instruction(text: str) -> bool:
    """"Mark the letter A, B, C or D ... each of the following questions": it heads a block of questions."""
    return bool(INSTRUCTION.match(text)) and bool(_FOR_QUESTIONS.search(text))


def question_label(text: str) -> QLabel | None:
    """The question label at the start of a paragraph's printed text, if any."""
    m = _Q_WORD.match(text)
    if m and m.group("num").isalpha() and m.group("word").lower() not in ("câu", "cau", "bài", "bai"):
        m = None  # Roman numbers only after "Câu"/"Bài" ("Câu II."), never "Question IV"
    if m and m.group("sep") is None and not m.group("pts") and not m.group("lvl") and m.group("word").lower() != "q":
        # "Câu 1 Cho hàm số": no punctuation, but the text goes on with a capital or an equation.
        rest = text[m.end() :]
        if rest[:1].isupper() or rest[:1] == "\ufffc":
            return QLabel(_number(m.group("num")), m.end(), "word")
    if m and (m.group("sep") is not None or m.group("pts") or m.group("lvl")):
        word = m.group("word").lower()
        if word == "q" and not m.group("sep"):
            return None
        pts = parse_points(m.group("pts")) if m.group("pts") else None
        lvl = level_name(m.group("lvl")) if m.group("lvl") else None
        return QLabel(_number(m.group("num")), m.end(), "word", pts, lvl)
    m = _Q_BRACKET.match(text)
    if m:
        return QLabel(int(m.group("num")), m.end(), "bracket")
    m = _Q_BARE.match(text)
    if m:
        return QLabel(int(m.group("num")), m.end(), "bare")
    return None


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _number(num: str) -> int:
    """"12" or a Roman "IV" as an int."""
    if num.isdigit():
        return int(num)
    total = 0
    for i, ch in enumerate(num.upper()):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(num) and _ROMAN[num[i + 1].upper()] > v else v
    return total


def parse_points(text: str | None) -> float | None:
    if not text:
        return None
    m = re.search(r"\d+(?:[.,]\d+)?", text)
    return float(m.group(0).replace(",", ".")) if m else None


def level_name(n: str) -> str:
    """"1".."4" or "NB"/"TH"/"VD"/"VDC" as the cognitive level's name."""
    return _LEVELS[_ABBR.get(n.upper(), n)]


_ABBR = {"NB": "1", "TH": "2", "VD": "3", "VDT": "3", "VDC": "4"}


_ZONE_FIRST = "ĐđDdHhLlBbAaKkGgSsMm"  # first letters of every zone heading (a cheap test first)
_ZONE_WORDS = re.compile(r"dap an|loi giai|huong dan|answer|key|hdc|marking|giai chi tiet|solutions")
_BOILER_RE = re.compile("|".join(re.escape(b) for b in _BOILERPLATE))
_INTRO_RE = re.compile("|".join(re.escape(b) for b in _PASSAGE_INTROS))


def is_boilerplate(text: str) -> bool:
    if len(text) > 300:
        return False  # boilerplate lines are short; folding long stems is wasted time
    f = fold(text[:160]).strip()
    m = _BOILER_RE.search(f)
    if not m or END_MARK.match(text):
        return False  # the end of the paper is a signal, not noise
    return m.start() == 0 or len(f) < 160


def _heading_key(text: str) -> str:
    f = fold(text).strip().strip(":.").strip()
    return re.sub(r"\s+", " ", f)


def zone_heading(text: str) -> str | None:
    """"key", "guide" or "solutions" when the line opens that part of the file after the paper."""
    if len(text) > 90 or text.lstrip()[:1] not in _ZONE_FIRST:
        return None
    f = _heading_key(text)
    if not _ZONE_WORDS.search(f) or question_label(text):
        return None
    f = re.sub(r"\(.*?\)", "", f).strip(" -:.")
    if not f:
        return None
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    if f in _SOLUTION_HEADINGS or (upper > 0.7 and any(f.startswith(h) for h in _SOLUTION_HEADINGS)):
        return "solutions"
    if f in _GUIDE_HEADINGS or (upper > 0.7 and any(f.startswith(h) for h in _GUIDE_HEADINGS)):
        return "guide"
    if f in _KEY_HEADINGS or (upper > 0.7 and any(f.startswith(h) for h in _KEY_HEADINGS)):
        return "key"
    return None


def section_heading(text: str) -> tuple[str, str | None] | None:
    """(section name, kind) for a part heading: ("PHẦN I", "mcq"), ("I. ĐỌC HIỂU", None)."""
    t = text.strip()
    if not t or len(t) > 400:
        return None
    m = SECTION_PHAN.match(t)
    if m:
        word = m.group("word").upper()
        word = "PHẦN" if fold(word) == "phan" else word
        return f"{word} {m.group('num').upper()}", section_kind(t)
    m = SECTION_ROMAN.match(t) or SECTION_LETTER.match(t)
    if m:
        title = POINTS.sub("", m.group("title")).strip(" .:-–")
        letters = [c for c in title if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(title) < 80:
            return f"{m.group('num')}. {title}", section_kind(t)
        if _INSTRUCTION_VERB.match(title) and m.re is SECTION_ROMAN:
            return m.group("num"), section_kind(t)  # "II. Choose the word or phrase ...": a part of an English paper
    return None


_INSTRUCTION_VERB = re.compile(
    r"(?:choose|circle|complete|read|mark|give|write|rewrite|find|fill|listen|match|put|supply|use|select|"
    r"pick|underline|identify|answer|khoanh|chọn|điền|đọc|viết)\b",
    re.I,
)


def section_kind(text: str) -> str | None:
    f = fold(text)
    if "dung sai" in f or "dung/sai" in f or "dung - sai" in f or "true/false" in f or "true or false" in f:
        return "true_false"
    if "tra loi ngan" in f or "short answer" in f or "dien dap so" in f:
        return "short_answer"
    if "tu luan" in f or "essay" in f:
        return "essay"
    if "nhieu phuong an" in f or "trac nghiem" in f or "multiple choice" in f:
        return "mcq"
    return None


def passage_intro(text: str) -> tuple[int, int] | None | bool:
    """False when not a passage intro; True or the (first, last) question range when it is."""
    if not _INTRO_RE.search(fold(text[:80])):
        return False
    m = PASSAGE_RANGE.search(text)
    if m:
        return int(m.group("a")), int(m.group("b"))
    return True


def answer_value(text: str) -> str | None:
    """The value of an "ANSWER: B" / "Đáp án: 0,54" / "Chọn B" line."""
    m = ANSWER_LINE.match(text)
    if not m:
        return None
    val = m.group("val").strip().rstrip(".")
    return val or None


def letter_of(text: str) -> str | None:
    """"B", "b", "(B)", "B." as the option letter "B"."""
    m = LETTER.match(text.strip())
    return m.group("l").upper() if m else None


def tf_value(text: str) -> str | None:
    f = fold(text).strip().strip(".").upper()
    if f in ("D", "DUNG", "T", "TRUE", "Đ"):
        return "Đ"
    if f in ("S", "SAI", "F", "FALSE"):
        return "S"
    return None


_TF_TOKEN = re.compile(r"(?:(?<=^)|(?<=[\s,;|/\-]))(?:[a-h]\s*[).:\-]?\s*)?(đúng|sai|đ|s|d|t|f|true|false)(?=$|[\s,;|/\-.])", re.I)


def tf_marks(value: str | None) -> list[str] | None:
    """"ĐSĐĐ", "Đ-S-Đ-Đ", "a) Đ, b) S, c) Đ, d) S", "Đúng, Sai, ..." as a list of "Đ"/"S" marks."""
    if not value:
        return None
    v = value.strip().strip(".")
    compact = v.replace(" ", "")
    if 2 <= len(compact) <= 8 and all(c in "ĐđSsDd" for c in compact):
        return ["Đ" if c in "ĐđDd" else "S" for c in compact]
    tokens = _TF_TOKEN.findall(v)
    rest = _TF_TOKEN.sub("", v)
    if len(tokens) >= 2 and not re.search(r"\w", rest):
        return [tf_value(t) or "" for t in tokens]
    return None


def solution_marker(text: str) -> int | None:
    """Where the solution text starts when the line opens one ("Lời giải", "Giải:", "Hướng dẫn:").

    "Giải phương trình ..." and "Hướng dẫn chấm" do not: a bare word needs a colon or nothing after it.
    """
    m = SOLUTION_MARK.match(text)
    if not m:
        return None
    head = text[: m.end()].strip().lower()
    if head.endswith((":", ".")) or not text[m.end() :].strip():
        return m.end()
    if head.startswith(("lời giải", "loi giai", "hướng dẫn giải", "huong dan giai")):
        return m.end()
    return None


_PART_KEY = re.compile(r"^\s*(?:PH[ẦÂA]N|PART|SECTION)?\s*(?P<k>[IVX]{1,5}|\d{1,2}|[A-D])\b", re.I)


def part_key(name: str | None) -> str | None:
    """What identifies a part across the paper and its key: "PHẦN II", "II. LÀM VĂN" and "Phần 2" -> "II"/"2"."""
    if not name:
        return None
    m = _PART_KEY.match(name)
    if not m:
        return name
    k = m.group("k").upper()
    return str(_number(k)) if k.isalpha() and set(k) <= set("IVX") else k


def leading_number(text: str) -> int | None:
    """"3", "Câu 3", "III (5,0đ)" -> 3: the question a guide or key row is about."""
    lab = question_label(text)
    if lab is not None and lab.number is not None:
        return lab.number
    m = re.match(r"^\s*(?:c[aâ]u|bài)?\s*(\d{1,4}|[IVX]{1,5})(?![\d])(?=[.\s(]|[a-h]\b|[a-h]\)|$)", text, re.I)
    if not m:
        return None
    return _number(m.group(1).upper())


# "Chọn A", "Vậy chọn C.", "Đáp án đúng là: D", "→ Chọn A" anywhere in a worked solution.
_CHOICE_IN_TEXT = re.compile(
    r"(?:\bchọn|\bđáp án(?: đúng)?(?: là)?|\bđa)\s*[:.]?\s*(?:đáp án|phương án|câu)?\s*(?P<l>[A-H])(?![\w])", re.I
)


def choice_in_text(text: str) -> str | None:
    """The option letter a worked solution settles on, wherever it says so."""
    m = _CHOICE_IN_TEXT.search(text)
    return m.group("l").upper() if m else None


_SUB_AFTER_NUMBER = re.compile(r"^\s*(?:c[aâ]u|bài)?\s*\d{1,4}\s*[.]?\s*(?P<l>[a-h])(?:\b|\))", re.I)


def subpart_after_number(text: str) -> str | None:
    """"1a", "Câu 1.b", "2c)" in a guide's question column: the sub-part letter."""
    m = _SUB_AFTER_NUMBER.match(text)
    return m.group("l").lower() if m else None
