"""MathType equations (MTEF v3/v5 in ``Equation Native``) to MathML and LaTeX.

``ole`` reads the stream; ``mtef`` parses it (``mtef5``, ``mtef3``, on ``reader``) into
``records``; ``tree`` builds the expression tree (``chars`` maps the characters); ``mathml`` and
``latex`` write it out; ``convert`` ties them together and never raises on a damaged object (it
returns the reason instead).
"""

from __future__ import annotations

from importers.mathtype.convert import Converted, convert_embedded, convert_mtef, convert_ole
from importers.mathtype.errors import MathTypeError

__all__ = ["Converted", "MathTypeError", "convert_embedded", "convert_mtef", "convert_ole"]
