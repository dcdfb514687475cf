"""The exam blueprint (ma trận đề) itself: parts, cells of topic × level × type, their validation,
and the words that name levels and types. Reading one from a file is ``qbank.domain.blueprint``'s job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qbank.domain.enums import Level, QuestionType
from qbank.domain.errors import ValidationError, format_message
from qbank.domain.scoring import ScoringRules
from qbank.domain.text import clean, fold

EPS = 1e-6

# Folded spellings seen in real ma trận files -> level. Checked longest first, so "vdc" wins over "vd".
_LEVEL_WORDS: dict[str, Level] = {
    "nhan biet": Level.NHAN_BIET,
    "biet": Level.NHAN_BIET,
    "nb": Level.NHAN_BIET,
    "thong hieu": Level.THONG_HIEU,
    "hieu": Level.THONG_HIEU,
    "th": Level.THONG_HIEU,
    "van dung cao": Level.VAN_DUNG_CAO,
    "vdc": Level.VAN_DUNG_CAO,
    "van dung thap": Level.VAN_DUNG,
    "van dung": Level.VAN_DUNG,
    "vd": Level.VAN_DUNG,
    "vdt": Level.VAN_DUNG,
}

_TYPE_WORDS: dict[str, QuestionType] = {
    "mcq": QuestionType.MCQ,
    "tn": QuestionType.MCQ,
    "tnkq": QuestionType.MCQ,
    "trac nghiem": QuestionType.MCQ,
    "nhieu lua chon": QuestionType.MCQ,
    "nhieu phuong an": QuestionType.MCQ,
    "true_false": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "ds": QuestionType.TRUE_FALSE,
    "d/s": QuestionType.TRUE_FALSE,
    "dung sai": QuestionType.TRUE_FALSE,
    "dung/sai": QuestionType.TRUE_FALSE,
    "short_answer": QuestionType.SHORT_ANSWER,
    "short": QuestionType.SHORT_ANSWER,
    "tln": QuestionType.SHORT_ANSWER,
    "tra loi ngan": QuestionType.SHORT_ANSWER,
    "essay": QuestionType.ESSAY,
    "tl": QuestionType.ESSAY,
    "tu luan": QuestionType.ESSAY,
}


def parse_level(value: Any) -> Level | None:
    """"Nhận biết", "NB", "nhan biet", "Vận dụng thấp" -> Level; None when unrecognised."""
    if isinstance(value, Level):
        return value
    key = clean(fold(str(value or ""))).strip(" .:")
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    for word in sorted(_LEVEL_WORDS, key=len, reverse=True):
        if len(word) > 3 and word in key:
            return _LEVEL_WORDS[word]
    return None


def parse_type(value: Any) -> QuestionType | None:
    """"mcq", "TN", "Đúng/Sai", "trả lời ngắn", "TL" -> QuestionType; None when unrecognised."""
    if isinstance(value, QuestionType):
        return value
    key = clean(fold(str(value or ""))).strip(" .:")
    if key in _TYPE_WORDS:
        return _TYPE_WORDS[key]
    # "Trắc nghiệm đúng sai" and "trắc nghiệm trả lời ngắn" are not MCQ: look for those first.
    for qtype in (QuestionType.TRUE_FALSE, QuestionType.SHORT_ANSWER, QuestionType.ESSAY, QuestionType.MCQ):
        for word, t in _TYPE_WORDS.items():
            if t == qtype and len(word) > 3 and word in key:
                return t
    return None


def fmt_points(x: float) -> str:
    """0.25 -> "0.25", 1.0 -> "1.0", 9.749999 -> "9.75" (for messages, not for printing)."""
    r = round(x, 4)
    return f"{r:.1f}" if r == int(r) else f"{r:g}"


@dataclass
class Part:
    """One part of the paper ("PHẦN I"), usually of one question type, with its instructions."""

    key: str
    title: str
    type: QuestionType | None = None
    instructions: str = ""


@dataclass
class Cell:
    """Pick ``count`` questions of this type, topic and level, each worth ``points``."""

    part: str
    topic: str
    level: Level
    type: QuestionType
    count: int
    points: float
    stated_total: float | None = None  # the "Điểm" a spreadsheet states for the whole cell
    where: str = ""  # "cells[3]" or "Ma trận!D7": where it was read from
    # Measured Rasch difficulty (logits) the cell's questions must have; None: no constraint.
    difficulty_min: float | None = None
    difficulty_max: float | None = None

    @property
    def total(self) -> float:
        return self.count * self.points

    @property
    def label(self) -> str:
        return f"cell {self.topic} × {self.level}"

    def key(self) -> tuple[str, str, str, str]:
        return (self.part, fold(self.topic), str(self.level), str(self.type))


class Problem:
    """Something wrong with a blueprint, and where: ``message`` is a catalogue msgid, ``params`` fill it."""

    def __init__(self, where: str, message: str, **params: Any):
        self.where = where
        self.msgid = message
        self.params = params

    @property
    def message(self) -> str:
        return format_message(self.msgid, self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.where, self.message) == (other.where, other.message)

    def __repr__(self) -> str:
        return f"Problem({self.where!r}, {self.message!r})"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InvalidBlueprint(ValidationError):
    """A blueprint with problems; ``problems`` lists each (the web translates them one by one)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("%(problems)s", where="blueprint", problems="; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Blueprint:
    subject: str
    grade: int | None
    duration_minutes: int
    total_points: float
    title: str = ""  # "ĐỀ THI THỬ TỐT NGHIỆP THPT" (printed on practice papers)
    exam_name: str = ""  # "KỲ THI TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG NĂM 2025"
    school_year: str = ""
    department: str = ""  # province, "QUẢNG TRỊ"
    official: bool = True  # "ĐỀ CHÍNH THỨC" header; False for practice tests
    parts: list[Part] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)

    def question_count(self) -> int:
        return sum(c.count for c in self.cells)

    def cells_of(self, part_key: str) -> list[Cell]:
        return [c for c in self.cells if c.part == part_key]

    def validate(self, scoring: ScoringRules | None = None) -> list[Problem]:
        """Every problem found, each naming its cell or field; an empty list means usable.

        With ``scoring``, objective cells must give each question what the rules give it
        (0,25 per MCQ in 2025, 1 per true/false question, the subject's short-answer points).
        """
        problems: list[Problem] = []
        if not self.subject.strip():
            problems.append(Problem("subject", "missing"))
        if self.duration_minutes <= 0:
            problems.append(Problem("duration_minutes", "must be positive, got %(duration_minutes)s", duration_minutes=self.duration_minutes))
        if self.total_points <= 0:
            problems.append(Problem("total_points", "must be positive, got %(fmt_points)s", fmt_points=fmt_points(self.total_points)))
        if not self.parts:
            problems.append(Problem("parts", "no part defined"))
        if not self.cells:
            problems.append(Problem("cells", "no cell defined: the blueprint asks for no question"))
        seen: dict[tuple[str, str, str, str], Cell] = {}
        part_keys = {p.key for p in self.parts}
        for cell in self.cells:
            where = cell.label + (f" ({cell.where})" if cell.where else "")
            if cell.part not in part_keys:
                problems.append(Problem(where, "part %(cell_part)r is not one of the parts %(sorted)s", cell_part=cell.part, sorted=sorted(part_keys)))
            else:
                part = self.part(cell.part)
                if part and part.type and part.type != cell.type:
                    problems.append(Problem(where, "type %(cell_type)s does not match %(part_title)s which is %(part_type)s", cell_type=cell.type, part_title=part.title, part_type=part.type))
            if cell.count <= 0:
                problems.append(Problem(where, "count must be at least 1, got %(cell_count)s", cell_count=cell.count))
            if cell.difficulty_min is not None and cell.difficulty_max is not None and cell.difficulty_min > cell.difficulty_max:
                problems.append(Problem(where, "difficulty range %(lo)s..%(hi)s is empty", lo=f"{cell.difficulty_min:g}",
                                        hi=f"{cell.difficulty_max:g}"))
            if cell.points <= 0:
                problems.append(Problem(where, "points per question must be positive, got %(fmt_points)s", fmt_points=fmt_points(cell.points)))
            if cell.stated_total is not None and abs(cell.total - cell.stated_total) > EPS:
                problems.append(
                    Problem(
                        where,
                        "points %(fmt_points)s×%(cell_count)s=%(fmt_points2)s but the cell states %(fmt_points3)s",
                    fmt_points=fmt_points(cell.points), cell_count=cell.count, fmt_points2=fmt_points(cell.total), fmt_points3=fmt_points(cell.stated_total))
                )
            if scoring is not None and cell.type != QuestionType.ESSAY:
                rule = scoring.max_points(cell.type, self.subject)
                if rule is not None and abs(rule - cell.points) > EPS:
                    problems.append(
                        Problem(where, "%(fmt_points)s per question, but the scoring rules give %(cell_type)s %(fmt_points2)s", fmt_points=fmt_points(cell.points), cell_type=cell.type, fmt_points2=fmt_points(rule))
                    )
            if cell.key() in seen:
                problems.append(Problem(where, "same part, topic, level and type as %(value)s", value=seen[cell.key()].where or 'an earlier cell'))
            seen.setdefault(cell.key(), cell)
        total = sum(c.total for c in self.cells)
        if self.cells and abs(total - self.total_points) > EPS:
            detail = " + ".join(
                f"{p.title} {fmt_points(sum(c.total for c in self.cells_of(p.key)))}" for p in self.parts if self.cells_of(p.key)
            )
            problems.append(
                Problem("total points", "%(fmt_points)s ≠ %(fmt_points2)s (%(detail)s)", fmt_points=fmt_points(total), fmt_points2=fmt_points(self.total_points), detail=detail)
            )
        for part in self.parts:
            if not self.cells_of(part.key):
                problems.append(Problem(part.title, "has no cell"))
        return problems

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "grade": self.grade,
            "duration_minutes": self.duration_minutes,
            "total_points": self.total_points,
            "title": self.title,
            "exam_name": self.exam_name,
            "school_year": self.school_year,
            "department": self.department,
            "official": self.official,
            "parts": [
                {"key": p.key, "title": p.title, "type": str(p.type) if p.type else None, "instructions": p.instructions}
                for p in self.parts
            ],
            "cells": [
                {
                    "part": c.part,
                    "topic": c.topic,
                    "level": str(c.level),
                    "type": str(c.type),
                    "count": c.count,
                    "points": c.points,
                    **({"difficulty": [c.difficulty_min, c.difficulty_max]}
                       if c.difficulty_min is not None or c.difficulty_max is not None else {}),
                }
                for c in self.cells
            ],
        }


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][n - 1] if 0 < n <= 8 else str(n)
