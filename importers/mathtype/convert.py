"""One call from an OLE object's bytes to MathML + LaTeX, or the reason it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

from importers.mathtype.errors import MathTypeError
from importers.mathtype.latex import to_latex
from importers.mathtype.mathml import to_mathml
from importers.mathtype.mtef import parse_mtef
from importers.mathtype.ole import equation_native
from importers.mathtype.tree import build


@dataclass(frozen=True)
class Converted:
    """The equation's two forms, or ``error`` (with both forms empty) when it cannot be read."""

    latex: str = ""
    mathml: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def convert_mtef(mtef: bytes) -> Converted:
    """MTEF bytes (v3 or v5) to MathML and LaTeX."""
    try:
        eq = parse_mtef(mtef)
        node = build(eq)
        latex = to_latex(node)
        mathml = to_mathml(node)  # shown inline in the question's text, as Word shows the object
    except MathTypeError as exc:
        return Converted(error=str(exc))
    except RecursionError:
        return Converted(error="the equation nests too deeply")
    except Exception as exc:  # noqa: BLE001 - a damaged object must never stop an import
        return Converted(error=f"unreadable equation ({type(exc).__name__}: {exc})")
    if not latex.strip():
        return Converted(error="the equation is empty")
    return Converted(latex=latex, mathml=mathml)


def convert_ole(data: bytes) -> Converted:
    """An embedded MathType / Equation Editor object (the OLE compound file) to MathML and LaTeX."""
    try:
        mtef = equation_native(data)
    except MathTypeError as exc:
        return Converted(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - olefile on hostile input
        return Converted(error=f"unreadable OLE object ({type(exc).__name__})")
    return convert_mtef(mtef)


# ProgIDs of equation objects whose Equation Native stream holds MTEF: MathType 3-7
# ("Equation.DSMT4", "Equation.DSMT36"…), Word's Equation Editor 3 ("Equation.3").
_EQUATION_PROG_ID = "equation."


def convert_embedded(data: bytes, prog_id: str) -> Converted | None:
    """A Word-embedded OLE object converted when it is an equation; None for other objects
    (an embedded spreadsheet or drawing is not an equation and is kept as it is)."""
    if not prog_id.lower().startswith(_EQUATION_PROG_ID):
        return None
    return convert_ole(data)
