"""Scoring rules as data (the 2025 format by default): points per question type, part and subject."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qbank.domain.enums import QuestionType
from qbank.domain.errors import ValidationError
from qbank.domain.text import fold

DEFAULT_RULES_YAML = """\
# Quy định chấm điểm theo cấu trúc đề 2025 (Bộ GD&ĐT).
mcq: 0.25                 # Phần I: mỗi câu đúng
true_false:               # Phần II: theo số ý đúng trong một câu (4 ý)
  1: 0.1
  2: 0.25
  3: 0.5
  4: 1.0
short_answer:             # Phần III: theo môn
  default: 0.25
  Toán: 0.5
essay: null               # tự luận: điểm ghi trong từng câu / hướng dẫn chấm
"""


@dataclass
class ScoringRules:
    mcq: float = 0.25
    true_false: dict[int, float] = field(default_factory=lambda: {1: 0.1, 2: 0.25, 3: 0.5, 4: 1.0})
    short_answer: dict[str, float] = field(default_factory=lambda: {"default": 0.25, "Toán": 0.5})
    essay: float | None = None

    def short_answer_points(self, subject: str | None) -> float:
        folded = {fold(k): v for k, v in self.short_answer.items()}
        return folded.get(fold(subject or ""), self.short_answer.get("default", 0.25))

    def true_false_points(self, right: int) -> float:
        """Points for ``right`` correct statements out of a true/false question's four."""
        return self.true_false.get(right, 0.0)

    def max_points(self, qtype: QuestionType, subject: str | None = None, stated: float | None = None) -> float | None:
        """What one question of this type is worth; essays (and any stated override) use ``stated``."""
        if qtype == QuestionType.MCQ:
            return self.mcq
        if qtype == QuestionType.TRUE_FALSE:
            return max(self.true_false.values()) if self.true_false else None
        if qtype == QuestionType.SHORT_ANSWER:
            return self.short_answer_points(subject)
        return stated if stated is not None else self.essay

    def describe(self, qtype: QuestionType, subject: str | None = None) -> str:
        """One line for keys and guides: "Mỗi câu đúng 0,25 điểm"."""
        if qtype == QuestionType.MCQ:
            return f"Mỗi câu trả lời đúng được {vn_points(self.mcq)} điểm."
        if qtype == QuestionType.TRUE_FALSE:
            steps = "; ".join(f"đúng {k} ý: {vn_points(v)} điểm" for k, v in sorted(self.true_false.items()))
            return f"Điểm mỗi câu theo số ý trả lời đúng: {steps}."
        if qtype == QuestionType.SHORT_ANSWER:
            return f"Mỗi câu trả lời đúng được {vn_points(self.short_answer_points(subject))} điểm."
        return "Điểm theo hướng dẫn chấm từng câu."

    def to_json(self) -> dict[str, Any]:
        return {"mcq": self.mcq, "true_false": dict(self.true_false), "short_answer": dict(self.short_answer), "essay": self.essay}


def vn_points(x: float | None) -> str:
    """Points the Vietnamese way: 0.25 -> "0,25", 1 -> "1,0", 0.5 -> "0,5"."""
    if x is None:
        return ""
    r = round(float(x), 3)
    text = f"{r:.1f}" if r == int(r) else f"{r:g}"
    return text.replace(".", ",")


def rules_from_dict(data: dict[str, Any], source: str = "scoring") -> ScoringRules:
    rules = ScoringRules()
    if not isinstance(data, dict):
        raise ValidationError("expected a mapping", where=source)
    try:
        if data.get("mcq") is not None:
            rules.mcq = float(data["mcq"])
        if data.get("true_false") is not None:
            rules.true_false = {int(k): float(v) for k, v in data["true_false"].items()}
        if data.get("short_answer") is not None:
            sa = data["short_answer"]
            rules.short_answer = {str(k): float(v) for k, v in sa.items()} if isinstance(sa, dict) else {"default": float(sa)}
        if data.get("essay") is not None:
            rules.essay = float(data["essay"])
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError("bad scoring rule (%(exc)s)", where=source, exc=exc) from exc
    return rules


def load_scoring(text_or_path: str | Path | None = None) -> ScoringRules:
    """Rules from YAML/JSON text or a file path; ``None`` gives the 2025 defaults."""
    if text_or_path is None:
        text_or_path = DEFAULT_RULES_YAML
    text = str(text_or_path)
    source = "scoring"
    if isinstance(text_or_path, Path) or ("\n" not in text and text.endswith((".yaml", ".yml", ".json"))):
        source = Path(text).name
        text = Path(text).read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        return rules_from_dict(json.loads(text), source)
    import yaml

    try:
        return rules_from_dict(yaml.safe_load(text), source)
    except yaml.YAMLError as exc:
        raise ValidationError("invalid YAML: %(exc)s", where=source, exc=exc) from exc
