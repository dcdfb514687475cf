"""The question page shows an imported MathType equation as its MathML, not its Windows picture."""

from __future__ import annotations

from qbank.services.imports import import_file
from qbank.services.users import authenticate
from tests import factories
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures
from tests.unit.importers.docx_builder import build, mathtype, p
from tests.unit.importers.mtef_builder import ole, v5, v5_char, v5_line, v5_tmpl


def _system_of_equations() -> bytes:
    """{ x + y = 1 ; x/2 − y = 0 } as MathType writes it: a left brace around a pile."""
    half = v5_tmpl(11, 0, v5_line(v5_char(3, ord("x"))), v5_line(v5_char(8, ord("2"))))
    first = v5_line(v5_char(3, ord("x")), v5_char(6, ord("+")), v5_char(3, ord("y")), v5_char(6, ord("=")),
                    v5_char(8, ord("1")))  # fmt: skip
    second = v5_line(half, v5_char(6, 0x2212), v5_char(3, ord("y")), v5_char(6, ord("=")), v5_char(8, ord("0")))
    pile = bytes([4, 0, 1, 1]) + first + second + bytes([0])
    brace = v5_tmpl(2, 0x01, v5_line(pile), v5_char(22, ord("{")), v5_char(22, ord("}")))
    return ole(v5(v5_line(brace)))


def test_the_question_page_renders_a_mathtype_system_of_equations_as_mathml(as_user, world) -> None:  # noqa: ANN001, F811
    data = build(p("Câu 1. Giải hệ phương trình ", mathtype(), "."), p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4"),
                 ole=_system_of_equations())  # fmt: skip
    with world.rt.uow() as uow:
        contributor = authenticate(uow, "contrib", factories.PASSWORD)
    with world.rt.uow() as uow:
        summary = import_file(uow, contributor, "he.docx", data)
    [qid] = summary.created
    html = as_user("contrib").get(f"/questions/{qid}").get_data(as_text=True)
    assert "<mtable" in html and "<mfrac>" in html and ">{</mo>" in html
    assert 'class="qb-ole"' not in html  # the WMF preview is not shown: the browser cannot draw it
