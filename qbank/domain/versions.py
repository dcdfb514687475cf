"""Seeded versions of an exam (mã đề 101, 102, …): shuffled questions and options, with their keys.

Questions are shuffled within each part; a passage group moves as one block and keeps its
internal order. MCQ options are shuffled except pinned ones and "all/none of the above"-style
options, which keep their position; a question whose options refer to each other by letter
("Cả A và B") keeps its order entirely, since moving A or B would change the answer.
True/false statements are shuffled too. The key follows every move.
"""

from __future__ import annotations

import random
import re

from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper, ItemLayout, QuestionId, Version, make_key
from qbank.domain.question import Option, Question
from qbank.domain.render import to_text
from qbank.domain.text import fold

# Folded option texts that must stay where they are (usually last).
_STAY = re.compile(
    r"^(?:"
    r"tat ca (?:cac )?(?:dap an|phuong an|y|cau)?\s*(?:tren|deu dung|deu sai|dung|sai|ke tren|neu tren).*"
    r"|ca (?:hai|ba|bon|[a-h]\s*(?:,|va)\s*[a-h])\b.*"
    r"|(?:khong co|khong)\s+(?:dap an|phuong an|y|cau)\s+nao.*"
    r"|(?:all|none|both|neither) (?:of )?(?:the )?(?:above|answers|options|of these|are correct|a and b|a nor b).*"
    r"|(?:a|b|c), (?:b|c|d) (?:and|va) (?:c|d).*"
    r"|(?:a|b|c) (?:and|va) (?:b|c|d)(?: (?:are|deu|dung|correct).*)?"
    r")$"
)
# An option naming other options by letter: "Cả A và B", "A và C đều đúng", "Both A and B".
_REFERS = re.compile(r"\b(?:ca|both|neither|either)\s+[a-h]\b|\b[a-h]\s*(?:va|and|,|nor|or)\s*[a-h]\b")


def stays_in_place(option: Option) -> bool:
    """Pinned, or an "all/none/both of the above" option (matched on folded text)."""
    if option.pinned:
        return True
    text = fold(to_text(option.content)).strip(" .;:")
    return bool(_STAY.match(text))


def _refers_to_letters(question: Question) -> bool:
    return any(_REFERS.search(fold(to_text(o.content))) for o in question.options)


def shuffle_options(question: Question, rng: random.Random) -> list[int]:
    """Original indexes in their new order; options that stay keep their slot."""
    n = len(question.options)
    order = list(range(n))
    if n < 2 or question.type not in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        return order
    if question.type == QuestionType.MCQ and _refers_to_letters(question):
        return order
    # Pinned statements stay for true/false too; the "all of the above" texts only mean that in MCQ.
    movable = [
        i for i, o in enumerate(question.options) if not (o.pinned or (question.type == QuestionType.MCQ and stays_in_place(o)))
    ]
    shuffled = movable[:]
    rng.shuffle(shuffled)
    for slot, src in zip(movable, shuffled, strict=True):
        order[slot] = src
    return order


def _units(part_items: list[tuple[QuestionId, Question]]) -> list[list[tuple[QuestionId, Question]]]:
    """Passage groups as one block (contiguous, in original order); other questions alone."""
    units: list[list[tuple[QuestionId, Question]]] = []
    index: dict[str, int] = {}
    for qid, q in part_items:
        if q.group:
            if q.group in index:
                units[index[q.group]].append((qid, q))
                continue
            index[q.group] = len(units)
        units.append([(qid, q)])
    return units


def build_versions(
    paper: ExamPaper,
    n: int,
    seed: int,
    *,
    first_code: int = 101,
    codes: list[str] | None = None,
    shuffle_questions: bool = True,
) -> list[Version]:
    """``n`` versions coded first_code, first_code+1, … (or ``codes``, e.g. ["132", "209"]); the
    same paper and seed give the same versions. Also stored on ``paper.versions``."""
    if codes is not None and (len(codes) != n or len(set(codes)) != n):
        raise ValueError(f"need {n} distinct version codes, got {codes}")
    versions: list[Version] = []
    for v in range(n):
        # One generator per version, derived from the seed, so version 102 does not change
        # when a fourth version is added.
        rng = random.Random(f"{seed}:{v}")
        layout: dict[str, list[ItemLayout]] = {}
        for part in paper.parts:
            units = _units([(it.id, it.question) for it in part.items])
            if shuffle_questions:
                rng.shuffle(units)
            layout[part.key] = [ItemLayout(qid, shuffle_options(q, rng)) for unit in units for qid, q in unit]
        code = codes[v] if codes is not None else str(first_code + v)
        versions.append(Version(code, layout, make_key(paper, layout)))
    paper.versions = versions
    return versions
