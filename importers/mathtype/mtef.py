"""MTEF bytes (version 3 or 5) to equation records: picks the reader for the version."""

from __future__ import annotations

from importers.mathtype.errors import MathTypeError
from importers.mathtype.mtef3 import V3
from importers.mathtype.mtef5 import V5
from importers.mathtype.records import Equation


def parse_mtef(data: bytes) -> Equation:
    """Records of an MTEF equation (version 3 or 5); ``MathTypeError`` says why one cannot be read."""
    if len(data) < 5:
        raise MathTypeError("the equation is empty or truncated")
    version = data[0]
    if version == 5:
        return V5(data).equation()
    if version in (3, 4):  # v4 (MathType 4) is v3's layout with MTCode characters
        return V3(data).equation()
    raise MathTypeError(f"MTEF version {version} is not supported (only 3 and 5)")
