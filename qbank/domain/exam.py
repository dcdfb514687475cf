"""An assembled exam as exporters see it: header, parts of questions, versions with layouts and keys."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from qbank.domain.answers import MCQ_LABELS, correct_index, tf_truth
from qbank.domain.blueprint_model import Blueprint
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.question import Question
from qbank.domain.scoring import ScoringRules

QuestionId = Hashable


@dataclass
class ExamHeader:
    """What the paper's header table prints."""

    department: str = ""  # province: "QUẢNG TRỊ" -> "SỞ GIÁO DỤC VÀ ĐÀO TẠO QUẢNG TRỊ"
    exam_name: str = ""  # "KỲ THI TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG NĂM 2025"
    school_year: str = ""  # "2024-2025"
    subject: str = ""
    grade: int | None = None
    duration_minutes: int = 90
    official: bool = True  # "ĐỀ CHÍNH THỨC"; False prints the simpler practice header
    title: str = ""  # practice tests: "ĐỀ ÔN TẬP CHƯƠNG I"
    school: str = ""  # practice tests: "TRƯỜNG THPT ..."

    @classmethod
    def from_blueprint(cls, bp: Blueprint) -> ExamHeader:
        return cls(bp.department, bp.exam_name, bp.school_year, bp.subject, bp.grade, bp.duration_minutes, bp.official, bp.title)


@dataclass
class ExamItem:
    id: QuestionId
    question: Question
    points: float | None = None  # from the blueprint cell; None: the scoring rules decide


_QUESTION_RANGE = re.compile(r"từ câu \d+ đến câu \d+")


@dataclass
class PaperPart:
    key: str  # "I"
    title: str  # "PHẦN I"
    instructions: str = ""
    type: QuestionType | None = None
    items: list[ExamItem] = field(default_factory=list)

    def printed_instructions(self, count: int | None = None) -> str:
        """The instructions as printed: a blueprint's "từ câu 1 đến câu 12" is corrected to the part's
        real count (the web page and the Word paper both call this, so they always agree)."""
        n = len(self.items) if count is None else count
        return _QUESTION_RANGE.sub(f"từ câu 1 đến câu {n}", self.instructions)


@dataclass
class ItemLayout:
    """One question as printed in a version: its id and the original index of each shown option."""

    id: QuestionId
    options: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "options": self.options}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ItemLayout:
        return cls(d["id"], list(d.get("options", [])))


@dataclass
class KeyEntry:
    part: str
    number: int  # as printed in the version ("Câu 3" of its part)
    id: QuestionId
    type: QuestionType
    answer: str | list[str] | None  # "B" | ["Đ","S","Đ","Đ"] | "0,43" | None (essay)
    points: float | None = None

    def answer_text(self) -> str:
        if isinstance(self.answer, list):
            return "".join(self.answer)
        return "" if self.answer is None else str(self.answer)

    def to_json(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "number": self.number,
            "id": self.id,
            "type": str(self.type),
            "answer": self.answer,
            "points": self.points,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> KeyEntry:
        return cls(d["part"], int(d["number"]), d["id"], QuestionType(d["type"]), d.get("answer"), d.get("points"))


@dataclass
class Version:
    code: str  # "101"
    layout: dict[str, list[ItemLayout]]  # part key -> items in printed order
    key: list[KeyEntry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "layout": {p: [i.to_json() for i in items] for p, items in self.layout.items()},
            "key": [k.to_json() for k in self.key],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Version:
        """A stored version back (the service keeps ``to_json()`` in the exam's row)."""
        layout = {p: [ItemLayout.from_json(i) for i in items] for p, items in d.get("layout", {}).items()}
        return cls(str(d["code"]), layout, [KeyEntry.from_json(k) for k in d.get("key", [])])


@dataclass
class ExamPaper:
    """Everything an exporter needs, loaded by the service; no database, no Flask."""

    header: ExamHeader
    parts: list[PaperPart]
    versions: list[Version] = field(default_factory=list)
    scoring: ScoringRules = field(default_factory=ScoringRules)
    name: str = "exam"  # used in file names: "toan12-hk1"
    passages: dict[str, Content] = field(default_factory=dict)  # group key -> shared passage

    def items(self) -> dict[QuestionId, ExamItem]:
        return {it.id: it for p in self.parts for it in p.items}

    def part(self, key: str) -> PaperPart:
        return next(p for p in self.parts if p.key == key)

    def item_points(self, item: ExamItem) -> float | None:
        if item.points is not None:
            return item.points
        return self.scoring.max_points(item.question.type, self.header.subject, item.question.points)

    def total_points(self) -> float:
        return sum(self.item_points(it) or 0.0 for p in self.parts for it in p.items)

    def original_version(self) -> Version:
        """The unshuffled layout (a practice test printed once), code "000"."""
        layout = {p.key: [ItemLayout(it.id, list(range(len(it.question.options)))) for it in p.items] for p in self.parts}
        return Version("000", layout, make_key(self, layout))


def paper_from_selection(
    blueprint: Blueprint,
    ids_by_part: dict[str, list[QuestionId]],
    questions: dict[QuestionId, Question],
    *,
    scoring: ScoringRules | None = None,
    points: dict[QuestionId, float] | None = None,
    passages: dict[str, Content] | None = None,
    name: str = "exam",
) -> ExamPaper:
    """An ``ExamPaper`` from a blueprint, the chosen ids per part and the loaded questions."""
    parts = [
        PaperPart(
            p.key,
            p.title,
            p.instructions,
            p.type,
            [ExamItem(qid, questions[qid], (points or {}).get(qid)) for qid in ids_by_part.get(p.key, [])],
        )
        for p in blueprint.parts
    ]
    return ExamPaper(
        ExamHeader.from_blueprint(blueprint), parts, scoring=scoring or ScoringRules(), name=name, passages=dict(passages or {})
    )


def make_key(paper: ExamPaper, layout: dict[str, list[ItemLayout]]) -> list[KeyEntry]:
    """The answer key of one layout: letter, Đ/S list, value, or None for essays."""
    items = paper.items()
    key: list[KeyEntry] = []
    for part in paper.parts:
        for number, il in enumerate(layout.get(part.key, []), start=1):
            item = items[il.id]
            q = item.question
            answer: str | list[str] | None
            if q.type == QuestionType.MCQ:
                ci = correct_index(q)
                answer = MCQ_LABELS[il.options.index(ci)] if ci is not None and ci in il.options else None
            elif q.type == QuestionType.TRUE_FALSE:
                truth = tf_truth(q)
                answer = ["Đ" if truth[i] else "S" for i in il.options]
            elif q.type == QuestionType.SHORT_ANSWER:
                answer = None if q.answer is None else str(q.answer)
            else:
                answer = None
            key.append(KeyEntry(part.key, number, il.id, q.type, answer, paper.item_points(item)))
    return key
