"""Rich content: JSON round trip and the plain-text and HTML renderers."""

from __future__ import annotations

from qbank.domain.content import Break, Content, Image, Math, Ole, Paragraph, Table, Text
from qbank.domain.render import to_html, to_text

OMML = '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x</m:t></m:r></m:oMath>'


def rich() -> Content:
    return Content(
        [
            Paragraph(
                [
                    Text("Cho ", bold=True),
                    Text("H", color="FF0000"),
                    Text("2", vert="sub"),
                    Math("x^{2}", OMML),
                    Break(),
                    Image("ab" * 32, "image/png", 100, 200, alt="hình"),
                    Ole("cd" * 32, "Equation.DSMT4", preview="ef" * 32),
                ],
                align="center",
            ),
            Table([[Content.from_text("x"), Content.from_text("$-\\infty$")]]),
        ]
    )


def test_content_survives_a_json_round_trip_unchanged() -> None:
    c = rich()
    assert Content.from_json(c.to_json()) == c


def test_plain_text_writes_equations_as_dollar_latex() -> None:
    c = Content([Paragraph([Text("Giải phương trình "), Math("x^{2}=1", OMML), Text(".")])])
    assert to_text(c) == "Giải phương trình $x^{2}=1$."


def test_latex_typed_as_text_becomes_math() -> None:
    c = Content.from_text("Tính $\\frac{1}{2}$ và giá $5 nhé")
    maths = [i for i in c.inlines() if isinstance(i, Math)]
    assert [m.latex for m in maths] == ["\\frac{1}{2}"]
    assert maths[0].omml is None


def test_html_escapes_text_and_renders_equations_as_mathml() -> None:
    c = Content([Paragraph([Text("<script>alert(1)</script>"), Math("x^{2}")])])
    html = to_html(c)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<math" in html and "<msup>" in html


def test_counts_equations_pictures_and_blob_references() -> None:
    c = rich()
    assert c.count_equations() == 2  # the OMML equation and the MathType object
    assert c.count_images() == 1
    assert c.blob_refs() == {"ab" * 32, "cd" * 32, "ef" * 32}


def test_whitespace_only_content_is_empty() -> None:
    assert Content.from_text("  ").is_empty()
    assert not Content([Paragraph([Math("x")])]).is_empty()


def test_markup_smuggled_in_latex_never_reaches_the_html() -> None:
    for latex in ('\\text{<meta http-equiv="refresh" content="0;url=https://evil.example">}', "\\text{<img src=x onerror=alert(1)>}"):
        html = to_html(Content([Paragraph([Math(latex)])]))
        assert "<meta" not in html and "<img" not in html and "&lt;" in html


def test_ordinary_equations_still_render_as_mathml() -> None:
    html = to_html(Content([Paragraph([Math("\\frac{a}{b}+\\sqrt{x^{2}}-\\int_{0}^{1}f(x)\\,dx")])]))
    assert html.startswith("<p><math") and "<mfrac>" in html and "<msqrt>" in html
