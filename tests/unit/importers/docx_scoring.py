"""Field-by-field comparison of an import with a fixture truth file (the rules of shared/tools/score_import.py)."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from lxml import etree

from importers.base import ImportResult
from qbank.domain.content import Image, Ole

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
    """(fields ok, fields compared, what differs)."""
    ok = total = 0
    notes: list[str] = []

    def check(cond: bool, what: str) -> None:
        nonlocal ok, total
        total += 1
        ok += bool(cond)
        if not cond:
            notes.append(what)

    tq, gq = truth["questions"], got["questions"]
    check(len(tq) == len(gq), f"count {len(gq)} != {len(tq)}")
    for i, t in enumerate(tq):
        g = gq[i] if i < len(gq) else {}
        n = t["number"]
        check(g.get("type") == t["type"], f"q{n} type")
        if truth.get("partial"):
            check(norm_answer(g.get("answer")) == norm_answer(t["answer"]), f"q{n} answer")
            check(len(g.get("options") or []) == t["n_options"], f"q{n} options")
            if t.get("has_solution"):
                check(bool(g.get("solution") or g.get("guide")), f"q{n} solution")
            continue
        check(fuzzy(t["stem"], g.get("stem", "")), f"q{n} stem")
        go = g.get("options") or []
        if t["options"]:
            check(len(go) == len(t["options"]), f"q{n} options")
            for to, oo in zip(t["options"], go, strict=False):
                check(fuzzy(to["text"], oo.get("text", "")), f"q{n} option {to['label']} text")
                check(bool(oo.get("correct")) == to["correct"], f"q{n} option {to['label']} correct")
        if t["answer"] is not None:
            check(norm_answer(g.get("answer")) == norm_answer(t["answer"]), f"q{n} answer")
        if t.get("points") is not None:
            check(num(g.get("points")) == num(t["points"]), f"q{n} points")
        for ts, gs in zip(t.get("subparts") or [], g.get("subparts") or [], strict=False):
            if ts.get("points") is not None:
                check(num(gs.get("points")) == num(ts["points"]), f"q{n} subpart {ts['label']} points")
        if t.get("subparts"):
            check(len(g.get("subparts") or []) == len(t["subparts"]), f"q{n} subparts")
        check(g.get("equations", 0) == t["equations"], f"q{n} equations")
        check(g.get("images", 0) == t["images"], f"q{n} images")
        if t.get("guide"):
            blob = norm_text(json.dumps(g.get("guide") or g.get("solution") or "", ensure_ascii=False))
            check(all(norm_text(step)[:20] in blob for step in t["guide"]), f"q{n} guide")
    if partition(tq):
        check(partition(gq[: len(tq)]) == partition(tq), "passage grouping")
    for key in ("department", "subject", "grade", "year"):
        if truth.get("meta", {}).get(key) is not None:
            check(norm_text(str(got["meta"].get(key, ""))) == norm_text(str(truth["meta"][key])), f"meta {key}")
    return ok, total, notes


# -- counting what a Word file holds, and what an import kept ------------------------------
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def count_in_docx(path: Path) -> dict[str, int]:
    """Equations (m:oMath), pictures (drawings and VML outside OLE objects) and OLE objects in the body,
    leaving out what sits in header tables (logos)."""
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    body = root.find(W + "body")
    counts = {"omml": 0, "images": 0, "ole": 0}
    for child in body:  # type: ignore[union-attr]
        if child.tag == W + "tbl" and _is_header_table(child):
            continue
        counts["omml"] += sum(1 for m in child.iter(M + "oMath"))
        counts["images"] += sum(1 for _ in child.iter(W + "drawing"))
        counts["images"] += sum(1 for p in child.iter(W + "pict") for _ in p.iter("{urn:schemas-microsoft-com:vml}imagedata"))
        counts["ole"] += sum(1 for _ in child.iter("{urn:schemas-microsoft-com:office:office}OLEObject"))
    return counts


def _is_header_table(tbl: etree._Element) -> bool:
    text = "".join(t.text or "" for t in tbl.iter(W + "t")).upper()
    return ("SỞ GD" in text or "SỞ GIÁO DỤC" in text) and not re.search(r"CÂU\s*\d", text)


def count_in_result(result: ImportResult) -> dict[str, int]:
    """The same counts over everything the import kept: stems, options, sub-parts, solutions, guides, passages."""
    contents = [c for q in result.questions for c in q.all_contents()] + list(result.passages.values())
    return {
        "omml": sum(c.count_omml() for c in contents),
        "images": sum(1 for c in contents for i in c.inlines() if isinstance(i, Image)),
        "ole": sum(1 for c in contents for i in c.inlines() if isinstance(i, Ole)),
    }
