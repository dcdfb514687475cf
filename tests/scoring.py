"""Scoring an import against a fixture truth file: ../shared/tools/score_import.py's own ``compare``
when that file is there, else this copy of its rules (so the tests run without ../shared)."""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_import.py"
Compare = Callable[[dict, dict], tuple[int, int, list[str]]]


def load_compare() -> Compare:
    """The shared scorer's ``compare`` (the judge's exact rules), or the local copy."""
    if SHARED_SCORER.exists():
        spec = importlib.util.spec_from_file_location("shared_score_import", SHARED_SCORER)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.compare
    return compare


_TF = {"ĐÚNG": "Đ", "TRUE": "Đ", "T": "Đ", "D": "Đ", "SAI": "S", "FALSE": "S", "F": "S"}


def norm_text(s: str | None) -> str:
    s = re.sub(r"\$[^$]*\$", " ", unicodedata.normalize("NFC", s or ""))
    return re.sub(r"\s+", " ", s).strip().casefold()


def fuzzy(a: str, b: str) -> bool:
    a, b = norm_text(a), norm_text(b)
    return (not a and not b) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def norm_answer(a: Any) -> Any:
    if a is None:
        return None
    if isinstance(a, list):
        return [norm_answer(x) for x in a]
    s = unicodedata.normalize("NFC", str(a)).strip().upper()
    if len(s) > 1 or s in "TF":
        s = _TF.get(s, s)
    return s.replace(".", ",")


def norm_tf(a: Any) -> Any:
    if not isinstance(a, list):
        return a
    out = []
    for x in a:
        if isinstance(x, bool):
            out.append("Đ" if x else "S")
        else:
            x = unicodedata.normalize("NFC", str(x)).strip().upper()
            out.append(_TF.get(x, x))
    return out


def num(x: Any) -> Any:
    try:
        return None if x is None else round(float(str(x).replace(",", ".")), 2)
    except ValueError:
        return "bad"


def partition(qs: list[dict]) -> list[tuple[int, ...]]:
    groups: dict[str, list[int]] = {}
    for i, q in enumerate(qs):
        if q.get("group"):
            groups.setdefault(q["group"], []).append(i)
    return sorted(tuple(v) for v in groups.values() if len(v) > 1)


def compare(truth: dict, got: dict) -> tuple[int, int, list[str]]:
    """(fields ok, fields compared, what differs) -- the rules of score_import.compare."""
    ok = total = 0
    notes: list[str] = []

    def check(cond: bool, what: str) -> None:
        nonlocal ok, total
        total += 1
        if cond:
            ok += 1
        elif len(notes) < 6:
            notes.append(what)

    tq, gq = truth["questions"], got.get("questions", [])
    check(len(tq) == len(gq), f"count {len(gq)} != {len(tq)}")
    if truth.get("partial"):  # real papers: only type, answer, option count and an attached solution
        for i, t in enumerate(tq):
            g = gq[i] if i < len(gq) else {}
            n = t["number"]
            check(g.get("type") == t["type"], f"q{n} type {g.get('type')} != {t['type']}")
            check(norm_answer(g.get("answer")) == norm_answer(t["answer"]), f"q{n} answer {g.get('answer')} != {t['answer']}")
            check(len(g.get("options") or []) == t["n_options"], f"q{n} options")
            if t.get("has_solution"):
                check(bool(g.get("solution") or g.get("guide")), f"q{n} solution not attached")
        return ok, total, notes
    for i, t in enumerate(tq):
        g = gq[i] if i < len(gq) else {}
        n = t["number"]
        check(g.get("type") == t["type"], f"q{n} type {g.get('type')} != {t['type']}")
        check(fuzzy(t["stem"], g.get("stem", "")), f"q{n} stem")
        if t["options"]:
            go = g.get("options") or []
            check(len(go) == len(t["options"]), f"q{n} options {len(go)} != {len(t['options'])}")
            for to, oo in zip(t["options"], go, strict=False):
                check(fuzzy(to["text"], oo.get("text", "")), f"q{n} option {to['label']} text")
                check(bool(oo.get("correct")) == to["correct"], f"q{n} option {to['label']} correct")
        if t["answer"] is not None:
            if t["type"] == "true_false":
                check(norm_tf(g.get("answer")) == t["answer"], f"q{n} answer {g.get('answer')} != {t['answer']}")
            else:
                check(norm_answer(g.get("answer")) == norm_answer(t["answer"]), f"q{n} answer {g.get('answer')} != {t['answer']}")
        if t.get("points") is not None:
            check(num(g.get("points")) == num(t["points"]), f"q{n} points {g.get('points')} != {t['points']}")
        if t.get("subparts"):
            gs = g.get("subparts") or []
            check(len(gs) == len(t["subparts"]), f"q{n} subparts {len(gs)} != {len(t['subparts'])}")
            for ts, gsp in zip(t["subparts"], gs, strict=False):
                if ts.get("points") is not None:
                    check(num(gsp.get("points")) == num(ts["points"]), f"q{n} subpart {ts['label']} points")
        check(g.get("equations", 0) == t["equations"], f"q{n} equations {g.get('equations')} != {t['equations']}")
        check(g.get("images", 0) == t["images"], f"q{n} images {g.get('images')} != {t['images']}")
        for key in ("topic", "level"):
            if t.get(key):
                check(norm_text(g.get(key) or "") == norm_text(t[key]), f"q{n} {key}")
        if t.get("guide"):
            blob = norm_text(json.dumps(g.get("guide") or g.get("solution") or "", ensure_ascii=False))
            check(all(norm_text(step)[:20] in blob for step in t["guide"]), f"q{n} marking guide not attached")
    tp = partition(tq)
    if tp:
        check(partition(gq[: len(tq)]) == tp, "passage grouping")
    meta_t, meta_g = truth.get("meta", {}), got.get("meta") or {}
    for key in ("department", "subject", "grade", "year"):
        if meta_t.get(key) is not None:
            gv = meta_g.get(key)
            check(norm_text(str(gv or "")) == norm_text(str(meta_t[key])) or bool(gv and norm_text(str(meta_t[key])) in norm_text(str(gv))),
                  f"meta {key} {gv!r} != {meta_t[key]!r}")
    return ok, total, notes
