"""Cell values as a teacher sees them, and the answer, type, level and subject vocabularies."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.cell.rich_text import CellRichText
from openpyxl.cell.text import InlineFont

from qbank.domain.content import Content, Paragraph, Text
from qbank.domain.enums import Level, QuestionType
from qbank.domain.text import clean, fold, nfc

# -- displayed values ------------------------------------------------------------------

_DECIMALS = re.compile(r"0[.,](0+)")


def display(value: object, number_format: str | None = "General", decimal_comma: bool = True) -> str:
    """The text Excel shows for a cell, with a Vietnamese decimal comma for non-integers.

    Lines inside a cell (Alt+Enter) are kept; each line is cleaned.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, CellRichText):
        value = str(value)
    if isinstance(value, (int, float)):
        return format_number(value, number_format or "General", decimal_comma)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [clean(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def format_number(value: float, number_format: str = "General", decimal_comma: bool = True) -> str:
    fmt = number_format or "General"
    percent = "%" in fmt
    if percent:
        value = value * 100
    m = _DECIMALS.search(fmt)
    if m and fmt != "General":
        text = f"{value:.{len(m.group(1))}f}"
    elif float(value).is_integer():
        text = str(int(value))
    else:
        # Excel's General format shows at most ~10 significant digits: 0.1+0.2 -> 0.3
        text = f"{value:.10g}"
        if "e" in text:
            text = f"{value:.10f}".rstrip("0").rstrip(".")
    if decimal_comma:
        text = text.replace(".", ",")
    return text + ("%" if percent else "")


# -- question type ---------------------------------------------------------------------

_TYPES = {
    "tn": QuestionType.MCQ,
    "tnkq": QuestionType.MCQ,
    "trac nghiem": QuestionType.MCQ,
    "trac nghiem khach quan": QuestionType.MCQ,
    "mcq": QuestionType.MCQ,
    "multiple choice": QuestionType.MCQ,
    "multichoice": QuestionType.MCQ,
    "nhieu lua chon": QuestionType.MCQ,
    "trac nghiem nhieu lua chon": QuestionType.MCQ,
    "mc": QuestionType.MCQ,
    "single choice": QuestionType.MCQ,
    "multiple choice single answer": QuestionType.MCQ,
    "multiple answer": QuestionType.MCQ,
    "multiple response": QuestionType.MCQ,
    "choice": QuestionType.MCQ,
    "fill blank": QuestionType.SHORT_ANSWER,
    "fill in the blank": QuestionType.SHORT_ANSWER,
    "fill in blank": QuestionType.SHORT_ANSWER,
    "numerical": QuestionType.SHORT_ANSWER,
    "numeric": QuestionType.SHORT_ANSWER,
    "tu luan ngan": QuestionType.SHORT_ANSWER,
    "tl": QuestionType.ESSAY,
    "tu luan": QuestionType.ESSAY,
    "essay": QuestionType.ESSAY,
    "tln": QuestionType.SHORT_ANSWER,
    "tra loi ngan": QuestionType.SHORT_ANSWER,
    "short answer": QuestionType.SHORT_ANSWER,
    "short": QuestionType.SHORT_ANSWER,
    "dien khuyet": QuestionType.SHORT_ANSWER,
    "ds": QuestionType.TRUE_FALSE,
    "d s": QuestionType.TRUE_FALSE,
    "dung sai": QuestionType.TRUE_FALSE,
    "trac nghiem dung sai": QuestionType.TRUE_FALSE,
    "true false": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "tf": QuestionType.TRUE_FALSE,
    "t f": QuestionType.TRUE_FALSE,
}


def parse_type(text: str) -> QuestionType | None:
    """ "TN" / "Trắc nghiệm" / "MCQ" -> mcq, "TL" -> essay, "TLN" -> short_answer, "ĐS" -> true_false."""
    key = re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()
    if key in _TYPES:
        return _TYPES[key]
    if key.startswith("tra loi ngan"):
        return QuestionType.SHORT_ANSWER
    if key.startswith("dung sai"):
        return QuestionType.TRUE_FALSE
    if key.startswith("trac nghiem"):
        return QuestionType.MCQ
    if key.startswith("tu luan"):
        return QuestionType.ESSAY
    return None


# -- answers ---------------------------------------------------------------------------

_ANSWER_PREFIX = re.compile(
    r"^(?:dap an dung|dap an|phuong an dung|phuong an|answer|key|chon|cau tra loi|pa)\s*[:.]?\s*", re.IGNORECASE
)


def parse_choice(text: str, labels: str, numbered: bool = True) -> list[str] | None:
    """MCQ answer letters: "b", " B ", "B.", "(B)", "Đáp án B", "2" (the second option), "A, C".

    ``labels`` are the option letters the row has. None when the text is not a choice.
    """
    key = fold(clean(text))
    key = _ANSWER_PREFIX.sub("", key).strip()
    key = key.strip(" .):(;[]")
    if not key:
        return None
    if re.fullmatch(r"[a-f]", key):
        return [key.upper()]
    if numbered and re.fullmatch(r"[1-6]", key) and int(key) <= len(labels):
        return [labels[int(key) - 1]]
    if re.fullmatch(r"[a-f]{2,6}", key) and len(set(key)) == len(key):
        return sorted(key.upper())  # "ABC": several right answers
    parts = [p for p in re.split(r"[\s,;/&+]+|\bva\b|\band\b", key) if p]
    if len(parts) > 1 and all(re.fullmatch(r"[a-f]", p) for p in parts):
        return sorted({p.upper() for p in parts})
    return None


_TF_WORDS = {
    "d": "Đ",
    "dung": "Đ",
    "t": "Đ",
    "true": "Đ",
    "s": "S",
    "sai": "S",
    "f": "S",
    "false": "S",
}


def parse_true_false(text: str) -> list[str] | None:
    """ "ĐSĐĐ", "Đ,S,Đ,Đ", "TFTT", "Đúng; Sai; Đúng; Đúng", "a) Đ b) S ..." -> ["Đ","S","Đ","Đ"]."""
    key = fold(clean(text))
    key = re.sub(r"(?:^|(?<=[\s,;]))[a-f]\s*[):]\s*", " ", key)  # drop "a)" labels
    parts = [p for p in re.split(r"[\s,;/|\-]+", key) if p]
    if not parts:
        return None
    if len(parts) == 1 and re.fullmatch(r"[dstf]{2,}", parts[0]):
        parts = list(parts[0])
    out = [_TF_WORDS.get(p) for p in parts]
    if any(o is None for o in out):
        return None
    return [o for o in out if o is not None]


def looks_true_false(text: str) -> bool:
    """An answer like "ĐSĐĐ" (at least two Đ/S marks, at least one Đ or S proper)."""
    marks = parse_true_false(text)
    return marks is not None and len(marks) >= 2 and bool(re.search(r"[đĐsS]|sai|dung|đúng", text, re.IGNORECASE))


# -- levels and subjects ---------------------------------------------------------------

_LEVELS = {
    "nb": Level.NHAN_BIET,
    "nhan biet": Level.NHAN_BIET,
    "biet": Level.NHAN_BIET,
    "muc nhan biet": Level.NHAN_BIET,
    "remember": Level.NHAN_BIET,
    "remembering": Level.NHAN_BIET,
    "recognition": Level.NHAN_BIET,
    "knowledge": Level.NHAN_BIET,
    "th": Level.THONG_HIEU,
    "thong hieu": Level.THONG_HIEU,
    "hieu": Level.THONG_HIEU,
    "muc thong hieu": Level.THONG_HIEU,
    "understand": Level.THONG_HIEU,
    "understanding": Level.THONG_HIEU,
    "comprehension": Level.THONG_HIEU,
    "vd": Level.VAN_DUNG,
    "van dung": Level.VAN_DUNG,
    "van dung thap": Level.VAN_DUNG,
    "vdt": Level.VAN_DUNG,
    "muc van dung": Level.VAN_DUNG,
    "apply": Level.VAN_DUNG,
    "application": Level.VAN_DUNG,
    "applying": Level.VAN_DUNG,
    "vdc": Level.VAN_DUNG_CAO,
    "van dung cao": Level.VAN_DUNG_CAO,
    "muc van dung cao": Level.VAN_DUNG_CAO,
    "high application": Level.VAN_DUNG_CAO,
    "higher application": Level.VAN_DUNG_CAO,
    "advanced application": Level.VAN_DUNG_CAO,
}


def normalise_level(text: str) -> str:
    """One of the four canonical levels where recognisable, else the file's own text."""
    return parse_level(text) or clean(text)


# The usual numbering of the four levels in banks and matrices: 1 = Nhận biết ... 4 = Vận dụng cao.
_NUMBERED_LEVELS = {1: Level.NHAN_BIET, 2: Level.THONG_HIEU, 3: Level.VAN_DUNG, 4: Level.VAN_DUNG_CAO}
_LEGEND_ITEM = re.compile(r"(?<![\w.])([1-9])\s*(?:[:=\-–.)]|là)\s*([^\d,;/()\[\]\n=:]+)")
_LEGEND_ITEM_AFTER = re.compile(r"([^\d,;/()\[\]\n=:]+?)\s*[:=\-–]\s*([1-9])(?![\w.])")  # "NB = 1, TH = 2"
_LEVEL_NUMBER = re.compile(r"\s*([1-9])\s*")  # "Mức 3" is left as written: its scale is not always the four levels


def level_legend(header: str) -> dict[int, str]:
    """The level each number stands for, as a level column's header explains it:
    "Mức độ (1: NB, 2: TH, 3: VD, 4: VDC)", "Mức độ (1-Nhận biết; 2-Thông hiểu)". Empty when it does not."""
    for pattern, number, name in ((_LEGEND_ITEM, 1, 2), (_LEGEND_ITEM_AFTER, 2, 1)):
        legend: dict[int, str] = {}
        for m in pattern.finditer(header):
            level = parse_level(m.group(name))
            if level is not None:
                legend.setdefault(int(m.group(number)), level)
        if len(legend) >= 2:
            return legend
    return {}


def numbered_level(value: object, legend: dict[int, str] | None = None) -> str | None:
    """A level written as its number (1..4): by the header's ``legend``, else 1 = Nhận biết ... 4 = Vận dụng cao."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        n = int(value)
    elif isinstance(value, str) and (m := _LEVEL_NUMBER.fullmatch(value)):
        n = int(m.group(1))
    else:
        return None
    if legend:
        return legend.get(n)
    level = _NUMBERED_LEVELS.get(n)
    return str(level) if level is not None else None


def parse_level(text: str) -> str | None:
    """One of the four canonical levels ("NB", "Thông hiểu", "VDC"), or None."""
    level = _LEVELS.get(re.sub(r"[^a-z0-9]+", " ", fold(text)).strip())
    return str(level) if level is not None else None


_SUBJECTS = {
    "toan": "Toán",
    "toan hoc": "Toán",
    "math": "Toán",
    "maths": "Toán",
    "mathematics": "Toán",
    "ngu van": "Ngữ văn",
    "van": "Ngữ văn",
    "tieng anh": "Tiếng Anh",
    "english": "Tiếng Anh",
    "anh": "Tiếng Anh",
    "anh van": "Tiếng Anh",
    "vat li": "Vật lí",
    "vat ly": "Vật lí",
    "physics": "Vật lí",
    "hoa hoc": "Hóa học",
    "hoa": "Hóa học",
    "chemistry": "Hóa học",
    "sinh hoc": "Sinh học",
    "sinh": "Sinh học",
    "biology": "Sinh học",
    "lich su": "Lịch sử",
    "history": "Lịch sử",
    "dia li": "Địa lí",
    "dia ly": "Địa lí",
    "geography": "Địa lí",
    "gdcd": "GDCD",
    "giao duc cong dan": "GDCD",
    "giao duc kinh te va phap luat": "Giáo dục kinh tế và pháp luật",
    "tin hoc": "Tin học",
    "tin": "Tin học",
    "informatics": "Tin học",
    "computer science": "Tin học",
    "cong nghe": "Công nghệ",
    "khoa hoc tu nhien": "Khoa học tự nhiên",
    "khtn": "Khoa học tự nhiên",
    "lich su va dia li": "Lịch sử và Địa lí",
}


def known_subject(text: str) -> str | None:
    """The canonical name when ``text`` is exactly a subject name ("ĐỊA LÍ", "Maths"), else None."""
    return _SUBJECTS.get(re.sub(r"[^a-z0-9]+", " ", fold(text)).strip())


# Subject names that are also everyday words ("học sinh", "an toàn", "văn bản"): only trusted after "môn"
_AMBIGUOUS_SUBJECTS = {"van", "anh", "sinh", "tin", "hoa", "toan"}
_SUBJECT_BEFORE_GRADE = re.compile(
    r"(?<![a-z])("
    + "|".join(sorted((re.escape(k) for k in _SUBJECTS if k not in _AMBIGUOUS_SUBJECTS), key=len, reverse=True))
    + r")\s*[-–,:]?\s*(?:lop|khoi|grade)\s*[:.]?\s*(1[0-2]|[1-9])(?!\d)"
)


def subject_before_grade(text: str) -> tuple[str, int] | None:
    """A title without "môn": "NGÂN HÀNG CÂU HỎI VẬT LÍ LỚP 10" -> ("Vật lí", 10)."""
    m = _SUBJECT_BEFORE_GRADE.search(fold(clean(text)))
    return (_SUBJECTS[m.group(1)], int(m.group(2))) if m else None


def normalise_subject(text: str) -> str:
    """Canonical subject names ("TOÁN" -> "Toán"); unknown names keep their words, capitalised once."""
    text = clean(text)
    key = re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()
    if key in _SUBJECTS:
        return _SUBJECTS[key]
    if text.isupper():
        return text[:1] + text[1:].lower()
    return text


def parse_grade(value: object) -> int | None:
    """12, 12.0, "12", "Lớp 12", "Khối 12", "12A3" -> 12; None when there is no grade 1-12."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1 <= value <= 12 else None
    m = re.search(r"(?<!\d)(1[0-2]|[1-9])(?!\d)", str(value))
    return int(m.group(1)) if m else None


# -- rich text -------------------------------------------------------------------------


def cell_content(value: object, number_format: str | None = "General") -> Content:
    """A cell as rich content: rich-text runs keep bold/italic/underline/sub/superscript
    (English papers underline the sounds they ask about); ``$...$`` becomes Math."""
    text = _dollar_delimiters(display(value, number_format))
    if not isinstance(value, CellRichText) or "$" in text:
        # math may straddle runs, and a formula is worth more than the formatting around it
        return Content.from_text(text)
    paragraphs: list[Paragraph] = [Paragraph([])]
    for block in value:
        run_text, font = (block, None) if isinstance(block, str) else (block.text, block.font)
        lines = nfc(run_text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for n, line in enumerate(lines):
            if n:
                paragraphs.append(Paragraph([]))
            if line:
                paragraphs[-1].inlines.append(_run(line, font))
    return Content([p for p in paragraphs if p.inlines] or [Paragraph([])])


_PAREN_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
_BRACKET_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)


def _dollar_delimiters(text: str) -> str:
    """MathJax-style \\( x \\) and \\[ x \\] typed in a cell are the same math as $x$ and $$x$$."""
    if "\\(" in text or "\\[" in text:
        text = _BRACKET_MATH.sub(lambda m: f"$${m.group(1).strip()}$$", text)
        text = _PAREN_MATH.sub(lambda m: f"${m.group(1).strip()}$", text)
    return text


def _run(text: str, font: InlineFont | None) -> Text:
    if font is None:
        return Text(text)
    vert = {"superscript": "sup", "subscript": "sub"}.get(font.vertAlign or "")
    color = getattr(font.color, "rgb", None) if font.color is not None else None
    if not isinstance(color, str) or color[-6:] in ("000000",):
        color = None
    return Text(
        text,
        bold=bool(font.b),
        italic=bool(font.i),
        underline=bool(font.u) and font.u != "none",
        color=color[-6:] if color else None,
        vert=vert,
    )
