"""MathType OLE objects (MTEF v3/v5) convert to MathML and LaTeX, and damaged ones never raise."""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import latex2mathml.converter
import olefile
import pytest

from importers.mathtype import convert_mtef, convert_ole
from importers.mathtype.ole import equation_native
from qbank.domain.content import Content, Ole, Paragraph
from qbank.domain.render import to_html
from tests.unit.importers.mathml_compare import normalise, render, symbols
from tests.unit.importers.mtef_builder import (
    NULL5,
    compound_file,
    ole,
    v3,
    v3_char,
    v3_line,
    v3_tmpl,
    v5,
    v5_char,
    v5_line,
    v5_tmpl,
)

REPO = Path(__file__).resolve().parents[3]
# The shared fixtures live beside the repository (../shared); QBANK_SHARED points elsewhere.
SHARED = Path(os.environ.get("QBANK_SHARED") or REPO.parent / "shared")
MATHTYPE_DIR = SHARED / "fixtures" / "public" / "mathtype-ole"
NAMES = sorted(p.name[: -len(".bin")] for p in MATHTYPE_DIR.glob("*.bin")) if MATHTYPE_DIR.exists() else []
needs_fixtures = pytest.mark.skipif(
    not MATHTYPE_DIR.exists(), reason=f"{MATHTYPE_DIR} is absent (the MathType objects are not copied into the repo)"
)

# Where the reference MathML (another converter's output) is wrong, what it should say and why.
# Each entry maps characters of the expected file to what the object really holds.
_PRIME = {"'": "′"}
_BIG_UNION = {"∪": "⋃", "∩": "⋂"}
EXPECTED_FIXES: dict[str, tuple[dict[str, str], str]] = {
    "280": (_PRIME, "the reference copies the apostrophes typed in a superscript; a prime is U+2032"),
    "281": (_PRIME, "the reference copies the apostrophes typed in a superscript; a prime is U+2032"),
    "424": (_PRIME, "the reference copies the apostrophes typed in a superscript; a prime is U+2032"),
    "478": (_PRIME, "the reference copies the apostrophes typed in a superscript; a prime is U+2032"),
    "450": ({"\ufffd": "Φ"}, "the reference lost the Φ (U+03A6) of a text run and wrote U+FFFD"),
    "equation3": (
        {**_BIG_UNION, "\u2329": "⟨", "\u232a": "⟩"},
        "the reference keeps the text-size ∩ as a big operator (the n-ary one is U+22C2) and the deprecated "
        "angle brackets U+2329/U+232A (MathML uses U+27E8/U+27E9)",
    ),
    "equation7": (_BIG_UNION, "the reference keeps the text-size ∪ as a big operator (the n-ary one is U+22C3)"),
    "equation8": (_BIG_UNION, "the reference keeps the text-size ∪ as a big operator (the n-ary one is U+22C3)"),
    "equation9": (_BIG_UNION, "the reference keeps the text-size ∪ as a big operator (the n-ary one is U+22C3)"),
    "equation10": (_BIG_UNION, "the reference keeps the text-size ∪ as a big operator (the n-ary one is U+22C3)"),
    "unions_and_intersections": (_BIG_UNION, "the reference keeps the text-size ∪/∩ as big operators"),
}
# MathType's pairs of stacked arrows (double arrows and harpoons, large over small or the reverse):
# the reference draws two arrows of different sizes; QBank writes the one Unicode character for the
# pair, which LaTeX (\rightleftarrows, \rightleftharpoons) and search can name.
ARROW_PAIRS = {("→", "←"): "⇄", ("⇀", "↽"): "⇌"}
STACKED_ARROW_FILES = {"arrows", "equation5"}


def _collapse_arrow_pairs(items: list | tuple) -> list:
    out = []
    for tag, value in items:
        if isinstance(value, str):
            out.append((tag, value))
            continue
        if tag in ("munder", "munderover", "mover", "msub", "msup", "msubsup", "mfrac", "mroot", "mmultiscripts"):
            args = [tuple(_collapse_arrow_pairs(a)) for a in value]
            pair = _pair(args[0], args[1]) if tag == "munder" and len(args) == 2 else None
            if pair:
                out.append(("mo", pair))
                continue
            if tag == "munderover" and len(args[1]) == 1 and args[1][0][0] == "munder":
                inner = args[1][0][1]
                pair = _pair(args[0], inner[0])
                if pair:
                    out.append(("munderover", ((("mo", pair),), inner[1], args[2])))
                    continue
            out.append((tag, tuple(args)))
        else:
            out.append((tag, tuple(_collapse_arrow_pairs(value))))
    return out


def _pair(a: tuple, b: tuple) -> str | None:
    if len(a) == 1 and len(b) == 1 and a[0][0] == "mo" and b[0][0] == "mo":
        return ARROW_PAIRS.get((a[0][1], b[0][1]))
    return None


def _read(name: str) -> tuple[bytes, bytes]:
    return (MATHTYPE_DIR / f"{name}.bin").read_bytes(), (MATHTYPE_DIR / f"{name}.expected.mathml.xml").read_bytes()


@needs_fixtures
def test_the_shared_folder_holds_the_26_objects_the_issue_names() -> None:
    assert len(NAMES) == 26


@needs_fixtures
@pytest.mark.parametrize("name", NAMES)
def test_mathtype_object_converts_to_mathml_with_the_expected_elements_symbols_and_nesting(name: str) -> None:
    data, expected_xml = _read(name)
    got = convert_ole(data)
    assert got.ok, got.error
    fixes = EXPECTED_FIXES.get(name, ({}, ""))[0]
    expected = normalise(expected_xml, fixes)
    if name in STACKED_ARROW_FILES:
        expected = _collapse_arrow_pairs(expected)
    assert render(normalise(got.mathml)) == render(expected)


# Characters latex2mathml writes for a command where MathType's MathML has another code point for
# the same mark: \cdot is U+00B7, \overline/\underline U+2015, \widetilde "~", \overparen U+23DC.
ROUND_TRIP_SAME = {"·": "⋅", "―": "̄", "_": "̄", "~": "̃", "⏜": "⌢"}


def _symbols_drawn(mathml: str) -> Counter[str]:
    """Symbols as drawn: a bevelled fraction draws its slash."""
    found = Counter(ROUND_TRIP_SAME.get(s, s) for s in symbols(mathml))
    found["/"] += mathml.count('bevelled="true"')
    return found


@needs_fixtures
@pytest.mark.parametrize("name", NAMES)
def test_the_web_view_shows_each_converted_object_as_its_own_mathml(name: str) -> None:
    got = convert_ole(_read(name)[0])
    stem = Content([Paragraph([Ole(blob="0" * 64, prog_id="Equation.DSMT4", latex=got.latex, mathml=got.mathml)])])
    assert to_html(stem) == f"<p>{got.mathml}</p>"  # passes the renderer's MathML allowlist as it is


@needs_fixtures
@pytest.mark.parametrize("name", NAMES)
def test_mathtype_latex_turns_back_into_the_same_symbols_through_latex2mathml(name: str) -> None:
    got = convert_ole(_read(name)[0])
    back = latex2mathml.converter.convert(got.latex)
    assert _symbols_drawn(back) == _symbols_drawn(got.mathml), got.latex


@needs_fixtures
def test_typical_exam_templates_give_the_latex_a_teacher_would_type() -> None:
    latex = {name: convert_ole(_read(name)[0]).latex for name in ("equation2", "equation4", "equation11", "629")}
    assert latex["equation2"] == r"\frac{-b\pm\sqrt{b^{2}-4ac}}{2a}"
    assert latex["equation4"] == r"\sqrt[3]{27}"
    assert latex["equation11"] == r"(a-b)^{c}"
    assert r"\begin{cases}" in latex["629"]  # a left brace over a pile is a system of equations


# -- MTEF built by hand: v3 (Equation Editor 3.x), v5 templates, damaged objects ------------------


def test_an_equation_editor_3_object_converts_its_fraction_root_and_greek() -> None:
    # x = (−b ± √Δ) / 2a, Δ written as the Symbol-font letter D in the UC Greek typeface
    numerator = v3_line(v3_char(6, 0x2212), v3_char(3, ord("b")), v3_char(6, 0xB1),
                         v3_tmpl(13, 0, v3_line(v3_char(5, ord("D"))), bytes([0x11])))  # fmt: skip
    denominator = v3_line(v3_char(8, ord("2")), v3_char(3, ord("a")))
    mtef = v3(v3_line(v3_char(3, ord("x")), v3_char(6, ord("=")), v3_tmpl(14, 0, numerator, denominator)))
    got = convert_ole(ole(mtef))
    assert got.ok, got.error
    assert got.latex == r"x=\frac{-b\pm\sqrt{\Delta}}{2a}"
    assert "<mfrac>" in got.mathml and "<msqrt><mi>Δ</mi></msqrt>" in got.mathml


def test_an_equation_editor_3_superscript_attaches_to_the_character_before_it() -> None:
    sup = v3_tmpl(15, 0, bytes([0x11]), v3_line(v3_char(8, ord("2"))))  # tmSCRIPT, superscript
    got = convert_mtef(v3(v3_line(v3_char(3, ord("x")), sup)))
    assert got.latex == "x^{2}"
    assert got.mathml.endswith("<msup><mi>x</mi><mn>2</mn></msup></math>")


def test_vectors_hats_and_primes_become_accents() -> None:
    vec = v5_tmpl(31, 0x02, v5_line(v5_char(3, ord("A")), v5_char(3, ord("B"))), v5_char(22, 0x20D7))
    prime = v5_char(3, ord("f"), embell=5)
    hat = v5_char(3, ord("x"), embell=9)
    got = convert_mtef(v5(v5_line(vec, v5_char(6, ord("+")), prime, v5_char(6, ord("+")), hat)))
    assert got.latex == r"\overrightarrow{AB}+f'+\hat{x}"  # a prime reads as typed, like Word's


def test_a_left_brace_over_a_pile_is_a_system_of_equations() -> None:
    pile = bytes([4, 0, 1, 1]) + v5_line(v5_char(3, ord("x")), v5_char(6, ord("=")), v5_char(8, ord("1")))
    pile += v5_line(v5_char(3, ord("y")), v5_char(6, ord("=")), v5_char(8, ord("2"))) + bytes([0])
    brace = v5_tmpl(2, 0x01, v5_line(pile), v5_char(22, ord("{")), v5_char(22, ord("}")))
    got = convert_mtef(v5(v5_line(brace)))
    assert got.latex == r"\begin{cases} x=1 \\ y=2 \end{cases}"
    assert "<mtable" in got.mathml and ">{</mo>" in got.mathml and ">}</mo>" not in got.mathml


def test_limits_integrals_and_absolute_values() -> None:
    lim = v5_tmpl(23, 0x10, v5_line(*(v5_char(2, ord(c)) for c in "lim")),
                   v5_line(v5_char(3, ord("x")), v5_char(6, 0x2192), v5_char(8, ord("0"))), NULL5)  # fmt: skip
    integral = v5_tmpl(15, 0x31, v5_line(v5_char(3, ord("f"))), v5_line(v5_char(8, ord("0"))),
                        v5_line(v5_char(8, ord("1"))), v5_char(22, 0x222B))  # fmt: skip
    bars = v5_tmpl(4, 0x03, v5_line(v5_char(3, ord("x"))), v5_char(22, ord("|")), v5_char(22, ord("|")))
    got = convert_mtef(v5(v5_line(lim, integral, bars)))
    assert got.latex == r"\lim_{x\to 0}\int_{0}^{1}f\left| x \right|"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not an OLE compound file"),
        (b"PK\x03\x04 a zip, not an equation", "not an OLE compound file"),
    ],
)
def test_a_file_that_is_not_an_ole_object_gives_a_reason_not_an_exception(data: bytes, reason: str) -> None:
    got = convert_ole(data)
    assert not got.ok and reason in got.error and got.latex == "" and got.mathml == ""


def test_an_ole_object_without_an_equation_stream_says_so() -> None:
    got = convert_ole(compound_file({"Package": b"just some bytes"}))
    assert not got.ok and "Equation Native" in got.error


def test_an_unsupported_mtef_version_says_which() -> None:
    got = convert_mtef(bytes([2, 0, 0, 0, 0, 1, 0]))
    assert "MTEF version 2" in got.error


@needs_fixtures
def test_every_truncation_of_a_real_object_is_reported_never_raised() -> None:
    data = (MATHTYPE_DIR / "equation3.bin").read_bytes()
    mtef = equation_native(data)
    reported = 0
    for cut in range(0, len(mtef), 7):
        got = convert_mtef(mtef[:cut])
        assert got.ok or got.error
        reported += not got.ok
    assert reported > 0


def test_random_bytes_after_a_valid_header_never_raise() -> None:
    import random

    rng = random.Random(13)
    for _ in range(300):
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        got = convert_mtef(v5(junk))
        assert got.ok or got.error


def test_deep_nesting_is_refused_with_a_reason() -> None:
    mtef = v5(bytes([1, 0]) + bytes([3, 0, 11, 0, 0, 1, 0]) * 5000)
    got = convert_mtef(mtef)
    assert not got.ok and "deep" in got.error


def test_the_builder_writes_a_readable_compound_file() -> None:
    # The hand-built OLE container the tests above use is a real compound file to olefile.
    blob = compound_file({"Equation Native": b"x" * 100})
    with olefile.OleFileIO(io.BytesIO(blob)) as ole:
        assert ole.openstream("Equation Native").read() == b"x" * 100


def test_symbol_font_positions_without_mtcode_are_mapped_to_unicode() -> None:
    # FONT_DEF "Symbol", FONT_STYLE_DEF 1 -> it, then a CHAR in that font with only its 8-bit position
    defs = bytes([17, 1]) + b"Symbol\0" + bytes([8, 1, 0])
    pi = bytes([2, 0x24, 128 - 1, 0x70])  # options ENC_CHAR_8 | NO_MTCODE, typeface -1, position 'p'
    got = convert_mtef(v5(defs, v5_line(v5_char(8, ord("2")), pi)))
    assert got.latex == r"2\pi" and "<mi>π</mi>" in got.mathml


def test_text_runs_keep_vietnamese_words_and_spaces_become_spacing() -> None:
    words = [v5_char(1, ord(c)) for c in "với"]
    space = bytes([2, 0, 24 + 128]) + (0xEF04).to_bytes(2, "little")
    got = convert_mtef(v5(v5_line(v5_char(3, ord("x")), space, *words, space, v5_char(3, ord("y")))))
    assert got.latex == r"x\; \text{với}\; y"  # MTCode EF04 is the thick space, 5/18 em
    assert "<mtext>với</mtext>" in got.mathml and "<mspace" in got.mathml


def test_a_stray_empty_last_line_is_not_a_row() -> None:
    pile = bytes([4, 0, 1, 1]) + v5_line(v5_char(3, ord("a")), v5_char(6, ord("<")), v5_char(8, ord("0")))
    pile += bytes([1, 0, 0]) + bytes([0])  # an empty line, then the END of the pile
    got = convert_mtef(v5(pile))
    assert got.latex == "a<0" and "<mtable" not in got.mathml


def test_a_determinant_is_a_vmatrix() -> None:
    cells = b"".join(v5_line(v5_char(3, ord(c))) for c in "abcd")
    matrix = bytes([5, 0, 0, 2, 2, 2, 2, 0, 0]) + cells + bytes([0])  # 2×2, no partition lines
    det = v5_tmpl(4, 0x03, v5_line(matrix), v5_char(22, ord("|")), v5_char(22, ord("|")))
    got = convert_mtef(v5(v5_line(det)))
    assert got.latex == r"\begin{vmatrix} a & b \\ c & d \end{vmatrix}"
    assert got.mathml.count("<mtr>") == 2 and got.mathml.count("<mtd>") == 4
