"""Moodle's embedded-answers (cloze) questions where they map: one gap → a short answer or an MCQ; more gaps are named and skipped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.question import Question

# {weight:TYPE:answers}: answers split by "~", each "=" or "%n%" weighted, "#feedback" after; "\}" "\~" "\#" escaped.
GAP = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")
_CHOICE = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS",
           "MULTICHOICE_HS", "MCHS"}
_TEXT = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC", "NUMERICAL", "NM"}
BLANK = "_____"


@dataclass
class Gap:
    kind: str  # "choice" | "text" | the Moodle name of a type the bank has no form for
    answers: list[tuple[str, float]]  # (text, fraction 0..1) in file order


def gaps(markup: str) -> list[Gap]:
    return [_gap(m.group(2).upper(), m.group(3)) for m in GAP.finditer(markup)]


def _gap(kind: str, body: str) -> Gap:
    answers = []
    for part in re.split(r"(?<!\\)~", body):
        text = re.split(r"(?<!\\)#", part, maxsplit=1)[0]
        weight = 0.0
        if text.startswith("="):
            text, weight = text[1:], 1.0
        else:
            m = re.match(r"%(-?\d+(?:\.\d+)?)%", text)
            if m:
                text, weight = text[m.end():], float(m.group(1)) / 100
        answers.append((re.sub(r"\\(.)", r"\1", text).strip(), weight))
    return Gap("choice" if kind in _CHOICE else "text" if kind in _TEXT else kind, answers)


def cloze_question(markup: str, content: Callable[[str], Content]) -> Question:
    """The bank question for a cloze text with exactly one gap; ``ValueError`` (its reason) otherwise.
    ``content`` turns an HTML fragment into rich content (pictures and TeX included)."""
    found = gaps(markup)
    if len(found) != 1:
        raise ValueError(f"embedded-answers (cloze) question with {len(found)} gaps has no equivalent in the bank")
    gap = found[0]
    stem = content(GAP.sub(BLANK, markup))
    right = [t for t, w in gap.answers if w >= 1.0 and t != "*"]
    if gap.kind == "choice":
        from importers.interchange import choice_question

        options = [(content(t), w >= 1.0) for t, w in gap.answers]
        if len(options) < 2 or len(right) != 1:
            raise ValueError("the cloze gap's choices need exactly one full-credit answer")
        return choice_question(stem, options)
    if gap.kind == "text":
        if not right:
            raise ValueError("the cloze gap has no full-credit answer")
        value = right[0].split(":", 1)[0] if re.fullmatch(r"-?\d+(?:\.\d+)?(?::\d+(?:\.\d+)?)?", right[0]) else right[0]
        return Question(QuestionType.SHORT_ANSWER, stem, answer=value.replace(".", ",") if re.fullmatch(r"-?\d+\.\d+", value) else value)
    raise ValueError(f"cloze gap type '{gap.kind}' has no equivalent in the bank")
