"""Questions as the domain sees them: content, options, sub-parts, answer, points, guide and tags."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.render import to_text
from qbank.domain.text import fold

Answer = str | list[str] | None  # "B" (mcq), ["Đ","S","Đ","Đ"] (true_false), "1,5" (short), None (essay)


@dataclass
class Blob:
    """Bytes addressed by their sha256 (pictures, OLE objects, uploaded files)."""

    data: bytes
    mime: str = "application/octet-stream"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Option:
    """An MCQ choice, or a true/false statement (``correct`` = the statement is true)."""

    label: str
    content: Content
    correct: bool = False
    pinned: bool = False  # never moved by shuffling ("Tất cả đều đúng", "All of the above")

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "content": self.content.to_json(), "correct": self.correct, "pinned": self.pinned}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Option:
        return cls(d["label"], Content.from_json(d.get("content")), d.get("correct", False), d.get("pinned", False))


@dataclass
class SubPart:
    """a), b), c) of an essay question."""

    label: str
    content: Content
    points: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "content": self.content.to_json(), "points": self.points}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SubPart:
        return cls(d["label"], Content.from_json(d.get("content")), d.get("points"))


@dataclass
class GuideStep:
    """One step of a marking guide (hướng dẫn chấm) with the points it earns."""

    content: Content
    points: float | None = None
    subpart: str | None = None  # "a" when the step belongs to a sub-part

    def to_json(self) -> dict[str, Any]:
        return {"content": self.content.to_json(), "points": self.points, "subpart": self.subpart}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> GuideStep:
        return cls(Content.from_json(d.get("content")), d.get("points"), d.get("subpart"))


@dataclass
class Tags:
    subject: str | None = None
    grade: int | None = None
    topic: str | None = None
    level: str | None = None  # cognitive level: Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao
    difficulty: float | None = None
    school_year: str | None = None  # "2023-2024"
    source_exam: str | None = None
    department: str | None = None
    # Where each tag came from: "paper" (stated in the file), "suggested" (a suggestion someone
    # accepted) or "manual" (set by hand); tags without an entry predate provenance.
    provenance: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Tags:
        d = d or {}
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass
class Question:
    type: QuestionType
    stem: Content
    options: list[Option] = field(default_factory=list)
    subparts: list[SubPart] = field(default_factory=list)
    answer: Answer = None
    points: float | None = None
    solution: Content | None = None
    guide: list[GuideStep] = field(default_factory=list)
    tags: Tags = field(default_factory=Tags)
    number: int | None = None  # as printed in the source
    section: str | None = None  # "PHẦN I", "I. ĐỌC HIỂU"
    group: str | None = None  # passage group key, shared by questions that share a passage
    status: Status = Status.DRAFT
    visibility: Visibility = Visibility.DEPARTMENT
    source_ref: str | None = None  # where it came from: "paragraph 41", "Sheet1!B12"

    # -- content views ------------------------------------------------------------------
    def all_contents(self) -> list[Content]:
        out = [self.stem, *(o.content for o in self.options), *(s.content for s in self.subparts)]
        if self.solution is not None:
            out.append(self.solution)
        out.extend(g.content for g in self.guide)
        return out

    def blob_refs(self) -> set[str]:
        refs: set[str] = set()
        for c in self.all_contents():
            refs |= c.blob_refs()
        return refs

    def plain_text(self) -> str:
        """Stem, sub-parts and options as one plain string (for search and fingerprints)."""
        parts = [to_text(self.stem)]
        parts += [f"{s.label}) {to_text(s.content)}" for s in self.subparts]
        parts += [f"{o.label}. {to_text(o.content)}" for o in self.options]
        return " ".join(p for p in parts if p)

    def fingerprint(self) -> str:
        """Same question, same fingerprint: folded text with punctuation and spacing removed.

        Option order is ignored (a shuffled copy is the same question); the type is included
        so an essay and an MCQ with the same stem stay distinct.
        """
        stem = _fp_norm(to_text(self.stem) + " " + " ".join(to_text(s.content) for s in self.subparts))
        opts = sorted(_fp_norm(to_text(o.content)) for o in self.options)
        key = "\x1f".join([str(self.type), stem, *opts])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    # -- serialisation (stored per version) ---------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "stem": self.stem.to_json(),
            "options": [o.to_json() for o in self.options],
            "subparts": [s.to_json() for s in self.subparts],
            "answer": self.answer,
            "points": self.points,
            "solution": self.solution.to_json() if self.solution is not None else None,
            "guide": [g.to_json() for g in self.guide],
            "tags": self.tags.to_json(),
            "number": self.number,
            "section": self.section,
            "group": self.group,
            "source_ref": self.source_ref,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], *, status: Status = Status.DRAFT, visibility: Visibility = Visibility.DEPARTMENT) -> Question:
        return cls(
            type=QuestionType(d["type"]),
            stem=Content.from_json(d.get("stem")),
            options=[Option.from_json(o) for o in d.get("options", [])],
            subparts=[SubPart.from_json(s) for s in d.get("subparts", [])],
            answer=d.get("answer"),
            points=d.get("points"),
            solution=Content.from_json(d["solution"]) if d.get("solution") else None,
            guide=[GuideStep.from_json(g) for g in d.get("guide", [])],
            tags=Tags.from_json(d.get("tags")),
            number=d.get("number"),
            section=d.get("section"),
            group=d.get("group"),
            status=status,
            visibility=visibility,
            source_ref=d.get("source_ref"),
        )


_FP_STRIP = re.compile(r"[\W_]+", re.UNICODE)


def _fp_norm(text: str) -> str:
    return _FP_STRIP.sub("", fold(text))
