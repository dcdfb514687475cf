"""The curriculum taxonomy: subjects × grades × topics (Chương trình GDPT 2018) with aliases, as versioned data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from qbank.domain.text import clean, fold

DATA_DIR = Path(__file__).resolve().parent / "curriculum"  # one YAML file per subject

# Words that join the parts of a topic name without changing it: "Nguyên hàm và tích phân",
# "Nguyên hàm - Tích phân" and "Nguyên hàm, tích phân" are one topic.
_JOINERS = {"va", "and", "&"}
_TOKEN = re.compile(r"[a-z0-9]+")


def topic_key(text: str) -> str:
    """Folded, punctuation-free form of a topic or subject name: how names are compared."""
    return " ".join(_TOKEN.findall(fold(text)))


def _token_set(text: str) -> frozenset[str]:
    return frozenset(t for t in _TOKEN.findall(fold(text)) if t not in _JOINERS)


@dataclass(frozen=True)
class Topic:
    """One topic (chủ đề) of a subject, for one grade or for every grade (``grade`` None)."""

    subject: str
    grade: int | None
    name: str
    order: int  # position in the curriculum, so lists follow the programme, not the alphabet
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    curriculum: str = "2018"  # "2006": a topic of the previous programme, still in older papers
    note: str = ""
    department_id: int | None = None  # set for a department's own extension

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class SubjectTaxonomy:
    name: str
    aliases: tuple[str, ...]
    version: str
    topics: list[Topic] = field(default_factory=list)
    declared_grades: tuple[int, ...] = ()  # grades the file names, even when all its topics are common

    def grades(self) -> list[int]:
        return sorted({t.grade for t in self.topics if t.grade is not None} | set(self.declared_grades))

    def for_grade(self, grade: int | None) -> list[Topic]:
        """The grade's own topics then the subject's common ones, in curriculum order."""
        if grade is None:
            return sorted(self.topics, key=lambda t: t.order)
        return sorted((t for t in self.topics if t.grade in (grade, None)), key=lambda t: t.order)


class Taxonomy:
    """Subjects and their topics; resolves free-text subject and topic names to the canonical ones."""

    def __init__(self, subjects: Iterable[SubjectTaxonomy]) -> None:
        self.subjects: dict[str, SubjectTaxonomy] = {s.name: s for s in subjects}
        self._subject_keys: dict[str, str] = {}
        for s in self.subjects.values():
            for n in (s.name, *s.aliases):
                self._subject_keys.setdefault(topic_key(n), s.name)
        self._index()

    def _index(self) -> None:
        # exact keys and token sets of every name, per subject; ambiguous token sets across grades stay per grade
        self._by_key: dict[tuple[str, str], list[Topic]] = {}
        self._by_tokens: dict[tuple[str, frozenset[str]], list[Topic]] = {}
        for s in self.subjects.values():
            for t in s.topics:
                for n in t.names():
                    self._by_key.setdefault((s.name, topic_key(n)), []).append(t)
                    self._by_tokens.setdefault((s.name, _token_set(n)), []).append(t)

    @property
    def version(self) -> str:
        return ",".join(f"{s.name}@{s.version}" for s in self.subjects.values())

    def subject(self, text: str | None) -> str | None:
        """The canonical subject for "Toán học", "Vật lý", "Hoá", "English"...; None when unknown."""
        if not text:
            return None
        return self._subject_keys.get(topic_key(text))

    def topics(self, subject: str | None, grade: int | None = None) -> list[Topic]:
        s = self.subjects.get(self.subject(subject) or "")
        return s.for_grade(grade) if s else []

    def resolve_topic(self, subject: str | None, grade: int | None, text: str | None) -> Topic | None:
        """The taxonomy topic a free-text tag names, preferring the question's grade; None when unmapped or ambiguous."""
        subj = self.subject(subject)
        if not subj or not text or not clean(text):
            return None
        for candidates in (self._by_key.get((subj, topic_key(text))), self._by_tokens.get((subj, _token_set(text)))):
            if candidates:
                picked = _pick(candidates, grade)
                if picked is not None:
                    return picked
        return None

    def canonical_topic(self, subject: str | None, grade: int | None, text: str | None) -> str | None:
        """The canonical name for a topic tag, or the tag itself (cleaned) when the taxonomy does not know it."""
        if not text:
            return None
        topic = self.resolve_topic(subject, grade, text)
        return topic.name if topic else clean(text)

    def order_key(self, subject: str | None, grade: int | None, topic: str) -> tuple[int, int, str]:
        """Sort key that lists a subject's topics in curriculum order, unknown ones after them alphabetically."""
        t = self.resolve_topic(subject, grade, topic)
        if t is None:
            return (1, 0, topic_key(topic))
        return (0, t.order, "")

    def extended(self, extra: Iterable[Topic]) -> Taxonomy:
        """This taxonomy plus a department's own topics (placed after the curriculum's)."""
        subjects = {
            name: SubjectTaxonomy(s.name, s.aliases, s.version, list(s.topics), s.declared_grades)
            for name, s in self.subjects.items()
        }
        for t in extra:
            subj = self.subject(t.subject) or clean(t.subject)
            s = subjects.setdefault(subj, SubjectTaxonomy(subj, (), "local"))
            s.topics.append(Topic(subj, t.grade, t.name, 100_000 + t.order, t.aliases, t.keywords, t.curriculum, t.note, t.department_id))
        return Taxonomy(subjects.values())


def _pick(candidates: list[Topic], grade: int | None) -> Topic | None:
    """One topic among those sharing a name: the question's grade, else the subject-wide one, else a unique one."""
    distinct = list(dict.fromkeys(candidates))
    if grade is not None:
        same = [t for t in distinct if t.grade == grade]
        if len(same) == 1:
            return same[0]
    common = [t for t in distinct if t.grade is None]
    if len(common) == 1:
        return common[0]
    return distinct[0] if len(distinct) == 1 else None


def _load_subject(path: Path) -> SubjectTaxonomy:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    subject = clean(str(data["subject"]))
    out = SubjectTaxonomy(subject, tuple(data.get("aliases") or ()), str(data.get("version", "")))
    order = 0

    def add(entries: list[dict] | None, grade: int | None) -> None:
        nonlocal order
        for e in entries or []:
            order += 1
            out.topics.append(
                Topic(
                    subject,
                    grade,
                    clean(str(e["topic"])),
                    order,
                    tuple(clean(str(a)) for a in e.get("aliases") or ()),
                    tuple(clean(str(k)) for k in e.get("keywords") or ()),
                    str(e.get("curriculum", "2018")),
                    str(e.get("note", "")),
                )
            )

    grades = data.get("grades") or {}
    out.declared_grades = tuple(sorted(int(g) for g in grades))
    for grade, entries in sorted(grades.items()):
        add(entries, int(grade))
    add(data.get("common"), None)
    return out


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped curriculum taxonomy (one YAML file per subject under ``curriculum/``)."""
    return Taxonomy(_load_subject(p) for p in sorted(DATA_DIR.glob("*.yaml")))
