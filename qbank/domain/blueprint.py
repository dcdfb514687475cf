"""Exam blueprints (ma trận đề) read from a mapping, YAML, JSON or an Excel file.

The model (``Blueprint``, ``Part``, ``Cell``, ``InvalidBlueprint``) lives in
``qbank.domain.blueprint_model``, below both this module and ``blueprint_xlsx``; it is importable
from here too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from qbank.domain.blueprint_model import Blueprint, Cell, InvalidBlueprint, Part, _roman, parse_level, parse_type
from qbank.domain.blueprint_xlsx import load_blueprint_xlsx
from qbank.domain.errors import ValidationError
from qbank.domain.text import clean

__all__ = ["Blueprint", "Cell", "InvalidBlueprint", "Part", "blueprint_from_dict", "load_blueprint", "parse_level", "parse_type"]


def _difficulty_range(c: dict[str, Any], where: str) -> tuple[float | None, float | None]:
    """``difficulty: [-1, 0.5]`` (either end may be null) or ``difficulty_min``/``difficulty_max``."""
    raw = c.get("difficulty")
    lo, hi = (raw if isinstance(raw, list | tuple) and len(raw) == 2 else (c.get("difficulty_min"), c.get("difficulty_max")))
    if raw is not None and not (isinstance(raw, list | tuple) and len(raw) == 2):
        raise ValidationError("difficulty must be a range [min, max] of Rasch logits", where=where)
    try:
        return (None if lo in (None, "") else float(lo)), (None if hi in (None, "") else float(hi))
    except (TypeError, ValueError) as exc:
        raise ValidationError("difficulty must be numbers (%(exc)s)", where=where, exc=exc) from exc


def blueprint_from_dict(data: dict[str, Any], source: str = "blueprint") -> Blueprint:
    """Build a Blueprint from the YAML/JSON mapping; raises ValidationError naming the field."""
    if not isinstance(data, dict):
        raise ValidationError("expected a mapping at the top level", where=source)

    def need(key: str, *aliases: str) -> Any:
        for k in (key, *aliases):
            if data.get(k) not in (None, ""):
                return data[k]
        raise ValidationError("missing required field %(key)r", where=source, key=key)

    parts: list[Part] = []
    for i, p in enumerate(data.get("parts") or []):
        if not isinstance(p, dict):
            raise ValidationError("each part must be a mapping", where=f"parts[{i}]")
        key = str(p.get("key") or p.get("id") or _roman(i + 1))
        ptype = parse_type(p["type"]) if p.get("type") else None
        if p.get("type") and ptype is None:
            raise ValidationError("unknown question type %(p)r", where=f"parts[{i}].type", p=p['type'])
        parts.append(Part(key, str(p.get("title") or f"PHẦN {key}"), ptype, str(p.get("instructions") or "").strip()))

    cells: list[Cell] = []
    for i, c in enumerate(data.get("cells") or []):
        where = f"cells[{i}]"
        if not isinstance(c, dict):
            raise ValidationError("each cell must be a mapping", where=where)
        part_key = str(c.get("part") or (parts[0].key if len(parts) == 1 else ""))
        if not part_key:
            raise ValidationError("missing 'part' (there is more than one part)", where=where)
        level = parse_level(c.get("level"))
        if level is None:
            raise ValidationError("unknown level %(value)r (Nhận biết, Thông hiểu, Vận dụng, Vận dụng cao)", where=where, value=c.get('level'))
        part = next((p for p in parts if p.key == part_key), None)
        qtype = parse_type(c["type"]) if c.get("type") else (part.type if part else None)
        if qtype is None:
            raise ValidationError("unknown or missing question type %(value)r", where=where, value=c.get('type'))
        if not c.get("topic"):
            raise ValidationError("missing 'topic'", where=where)
        try:
            count = int(c.get("count", 0))
            points = float(c.get("points", 0))
            stated = float(c["total"]) if c.get("total") is not None else None
        except (TypeError, ValueError) as exc:
            raise ValidationError("count/points must be numbers (%(exc)s)", where=where, exc=exc) from exc
        d_min, d_max = _difficulty_range(c, where)
        cells.append(Cell(part_key, clean(str(c["topic"])), level, qtype, count, points, stated, where, d_min, d_max))

    grade = data.get("grade")
    return Blueprint(
        subject=clean(str(need("subject"))),
        grade=int(grade) if grade not in (None, "") else None,
        duration_minutes=int(need("duration_minutes", "duration")),
        total_points=float(data.get("total_points", 10)),
        title=str(data.get("title") or ""),
        exam_name=str(data.get("exam_name") or data.get("exam") or ""),
        school_year=str(data.get("school_year") or data.get("year") or ""),
        department=str(data.get("department") or ""),
        official=bool(data.get("official", True)),
        parts=parts,
        cells=cells,
    )


def load_blueprint(text_or_path: str | Path) -> Blueprint:
    """A blueprint from YAML or JSON text, or from a .yaml/.yml/.json/.xlsx file path."""
    source = "blueprint"
    text: str
    if isinstance(text_or_path, Path) or (
        "\n" not in str(text_or_path) and re.search(r"\.(ya?ml|json|xlsx)$", str(text_or_path), re.I)
    ):
        path = Path(text_or_path)
        if path.suffix.lower() == ".xlsx":
            return load_blueprint_xlsx(path)
        source = path.name
        text = path.read_text(encoding="utf-8")
    else:
        text = str(text_or_path)
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError("invalid JSON: %(exc)s", where=source, exc=exc) from exc
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValidationError("invalid YAML: %(exc)s", where=source, exc=exc) from exc
    return blueprint_from_dict(data, source)
