"""OMML to LaTeX: the structures exam papers use."""

from __future__ import annotations

import pytest
from lxml import etree

from importers.omml import omml_to_latex

NS = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def latex(inner: str) -> str:
    return omml_to_latex(etree.fromstring(f"<m:oMath {NS}>{inner}</m:oMath>"))


def r(t: str) -> str:
    return f"<m:r><m:t>{t}</m:t></m:r>"


@pytest.mark.parametrize(
    "omml,expected",
    [
        (f"<m:f><m:num>{r('a')}</m:num><m:den>{r('b')}</m:den></m:f>", r"\frac{a}{b}"),
        (f"<m:rad><m:radPr><m:degHide m:val='1'/></m:radPr><m:deg/><m:e>{r('x+1')}</m:e></m:rad>", r"\sqrt{x+1}"),
        (f"<m:rad><m:deg>{r('3')}</m:deg><m:e>{r('x')}</m:e></m:rad>", r"\sqrt[3]{x}"),
        (f"<m:sSub><m:e>{r('u')}</m:e><m:sub>{r('n')}</m:sub></m:sSub>", "{u}_{n}"),
        (f"<m:sSup><m:e>{r('x')}</m:e><m:sup>{r('2')}</m:sup></m:sSup>", "{x}^{2}"),
        (f"<m:sSubSup><m:e>{r('x')}</m:e><m:sub>{r('1')}</m:sub><m:sup>{r('2')}</m:sup></m:sSubSup>", "{x}_{1}^{2}"),
        (f"<m:nary><m:sub>{r('0')}</m:sub><m:sup>{r('1')}</m:sup><m:e>{r('f(x)dx')}</m:e></m:nary>", r"\int_{0}^{1}{f(x)dx}"),
        (f"<m:nary><m:naryPr><m:chr m:val='∑'/></m:naryPr><m:sub>{r('k=1')}</m:sub><m:sup>{r('n')}</m:sup><m:e>{r('k')}</m:e></m:nary>",
         r"\sum_{k=1}^{n}{k}"),
        (f"<m:d><m:e>{r('a')}</m:e></m:d>", "(a)"),
        (f"<m:d><m:dPr><m:begChr m:val='['/><m:endChr m:val=']'/></m:dPr><m:e>{r('0;1')}</m:e></m:d>", r"\left[0;1\right]"),
        (f"<m:d><m:dPr><m:begChr m:val='|'/><m:endChr m:val='|'/></m:dPr><m:e>{r('x')}</m:e></m:d>", r"\left|x\right|"),
        (f"<m:m><m:mr><m:e>{r('1')}</m:e><m:e>{r('2')}</m:e></m:mr><m:mr><m:e>{r('3')}</m:e><m:e>{r('4')}</m:e></m:mr></m:m>",
         r"\begin{matrix}1 & 2 \\ 3 & 4\end{matrix}"),
        (f"<m:d><m:dPr><m:begChr m:val='{{'/><m:endChr m:val=''/></m:dPr><m:e><m:eqArr><m:e>{r('x&amp;=1')}</m:e>"
         f"<m:e>{r('y&amp;=2')}</m:e></m:eqArr></m:e></m:d>", r"\left\{\begin{array}{l}x=1 \\ y=2\end{array}\right."),
        (f"<m:acc><m:accPr><m:chr m:val='⃗'/></m:accPr><m:e>{r('AB')}</m:e></m:acc>", r"\vec{AB}"),
        (f"<m:bar><m:barPr><m:pos m:val='top'/></m:barPr><m:e>{r('z')}</m:e></m:bar>", r"\overline{z}"),
        (f"<m:func><m:fName>{r('sin')}</m:fName><m:e>{r('x')}</m:e></m:func>", r"\sin{x}"),
        (f"<m:func><m:fName><m:limLow><m:e>{r('lim')}</m:e><m:lim>{r('x→0')}</m:lim></m:limLow></m:fName><m:e>{r('f(x)')}</m:e></m:func>",
         r"\lim_{x→0}{f(x)}"),
        (r("a{b}%"), r"a\{b\}\%"),
        (r("π ≤ x"), "π ≤ x"),
    ],
)
def test_omml_structures_convert_to_latex(omml: str, expected: str) -> None:
    assert latex(omml) == expected


def test_omml_para_joins_its_equations() -> None:
    el = etree.fromstring(f"<m:oMathPara {NS}><m:oMath>{r('a')}</m:oMath><m:oMath>{r('b')}</m:oMath></m:oMathPara>")
    assert omml_to_latex(el) == r"a \\ b"


def test_latex_renders_as_mathml() -> None:
    import latex2mathml.converter

    out = latex(f"<m:f><m:num>{r('1')}</m:num><m:den><m:rad><m:radPr><m:degHide m:val='1'/></m:radPr><m:deg/><m:e>{r('2')}</m:e></m:rad></m:den></m:f>")
    assert "<mfrac>" in latex2mathml.converter.convert(out)


def test_scripted_function_names_become_commands() -> None:
    omml = f"<m:func><m:fName><m:sSub><m:e>{r('log')}</m:e><m:sub>{r('2')}</m:sub></m:sSub></m:fName><m:e>{r('x')}</m:e></m:func>"
    assert latex(omml) == r"\log_{2}{x}"
    assert latex(f"<m:limLow><m:e>{r('lim')}</m:e><m:lim>{r('n→∞')}</m:lim></m:limLow>") == r"\lim_{n→∞}"
