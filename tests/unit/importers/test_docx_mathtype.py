"""The Word importer turns MathType objects into equations: $LaTeX$ in the text, MathML on the web,
``math`` entries in the dry-run JSON, the original object kept; an unreadable one keeps its picture."""

from __future__ import annotations

import json

from importers.base import question_to_json
from qbank.domain.content import Content, Ole
from qbank.domain.render import to_html, to_text
from tests.unit.importers.docx_builder import math, mathtype, mr, p, read
from tests.unit.importers.mtef_builder import ole, v5, v5_char, v5_line, v5_tmpl

OPTS = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]
# MathType vector AB (tmVEC, arrow right, over the slot)
VECTOR_AB = ole(
    v5(v5_line(v5_tmpl(31, 0x02, v5_line(v5_char(3, ord("A")), v5_char(3, ord("B"))), v5_char(22, 0x20D7))))
)


def test_a_mathtype_object_in_a_stem_reads_as_dollar_latex_and_keeps_the_original_object() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), " khác vectơ không."), *OPTS, ole=VECTOR_AB)
    q = res.questions[0]
    assert to_text(q.stem) == r"Cho $\overrightarrow{AB}$ khác vectơ không."
    obj = next(i for i in q.stem.inlines() if isinstance(i, Ole))
    assert res.blobs[obj.blob].data == VECTOR_AB  # re-embedded in Word exports byte for byte
    assert obj.preview and obj.mathml.startswith("<math") and "<mover" in obj.mathml
    assert not [m for m in res.messages if "MathType" in m.text]


def test_the_web_view_shows_the_mathtype_mathml_not_the_preview_picture() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), "."), *OPTS, ole=VECTOR_AB)
    html = to_html(res.questions[0].stem)
    assert "<math" in html and "<mover" in html and "<img" not in html


def test_the_converted_equation_survives_the_stored_json() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), "."), *OPTS, ole=VECTOR_AB)
    stem = Content.from_json(json.loads(json.dumps(res.questions[0].stem.to_json())))
    obj = next(i for i in stem.inlines() if isinstance(i, Ole))
    assert obj.latex == r"\overrightarrow{AB}" and obj.mathml and obj.mathml.startswith("<math")


def test_content_stored_before_mathtype_conversion_still_loads() -> None:
    old = {
        "blocks": [
            {"t": "p", "c": [{"t": "ole", "blob": "ab" * 32, "prog_id": "Equation.DSMT4", "preview": "cd" * 32}]}
        ]
    }
    obj = next(Content.from_json(old).inlines())
    assert isinstance(obj, Ole) and obj.latex is None and obj.mathml is None
    assert "<img" in to_html(Content.from_json(old))


def test_dry_run_json_lists_each_equation_with_its_source_latex_and_mathml() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), " và ", math(mr("x")), " và $y^2$."), *OPTS, ole=VECTOR_AB)
    entries = question_to_json(res.questions[0])["math"]
    assert [e["source"] for e in entries] == ["mathtype", "omml", "latex"]
    assert [e["latex"] for e in entries] == [r"\overrightarrow{AB}", "x", "y^2"]
    assert all(e["mathml"].startswith("<math") for e in entries)


def test_an_unreadable_mathtype_object_keeps_its_picture_and_says_which_object_and_why() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), " thỏa mãn"), *OPTS, ole=b"\xd0\xcf\x11\xe0 not really an OLE file")
    q = res.questions[0]
    obj = next(i for i in q.stem.inlines() if isinstance(i, Ole))
    assert obj.latex is None and obj.preview and "<img" in to_html(q.stem)
    [msg] = [m for m in res.messages if "MathType" in m.text]
    assert "oleObject1.bin" in msg.text and "not an OLE compound file" in msg.text and "picture is kept" in msg.text
    assert msg.where.startswith("paragraph")
    assert question_to_json(q)["math"] == [{"source": "mathtype", "latex": "", "mathml": None}]
