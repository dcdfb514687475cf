"""Reads the MTEF bytes of a MathType OLE object (``Equation Native`` stream) with olefile."""

from __future__ import annotations

import io

import olefile

from importers.mathtype.errors import MathTypeError

# An Equation Native stream starts with an EQNOLEFILEHDR: cbHdr (uint16, the header's own
# length, 28 in every version seen), version (uint32), cf (uint16), cbObject (uint32, the MTEF
# length), reserved. The MTEF equation follows the header.
_MIN_HEADER = 12
_MAX_STREAM = 1024 * 1024  # an equation is a few kB (the largest seen, 3.5 kB); 1 MB is not an equation


def equation_native(data: bytes) -> bytes:
    """The MTEF bytes inside an OLE compound file (``word/embeddings/oleObject*.bin``)."""
    if not olefile.isOleFile(io.BytesIO(data)):
        raise MathTypeError("not an OLE compound file")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("Equation Native"):
                raise MathTypeError("no 'Equation Native' stream (not a MathType or Equation Editor object)")
            if ole.get_size("Equation Native") > _MAX_STREAM:
                raise MathTypeError("the 'Equation Native' stream is too large to be an equation")
            stream = ole.openstream("Equation Native").read()
    except MathTypeError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many kinds on damaged files
        raise MathTypeError(f"damaged OLE file ({exc})") from None
    return mtef_from_stream(stream)


def mtef_from_stream(stream: bytes) -> bytes:
    """Strip the EQNOLEFILEHDR from an ``Equation Native`` stream."""
    if len(stream) < _MIN_HEADER:
        raise MathTypeError("the 'Equation Native' stream is truncated")
    header = int.from_bytes(stream[:2], "little")
    if header < _MIN_HEADER or header >= len(stream):
        raise MathTypeError(f"the 'Equation Native' header length {header} is impossible")
    size = int.from_bytes(stream[8:12], "little")
    body = stream[header:]
    # cbObject may be 0 or too large in objects written by some converters: trust the stream then.
    return body[:size] if 0 < size <= len(body) else body
