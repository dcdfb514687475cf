"""Byte-level reading of MTEF: integers, names, nudges, and the record bodies both versions share."""

from __future__ import annotations

from importers.mathtype.errors import MathTypeError

MAX_DEPTH = 64  # lists inside lists; deeper is a damaged or hostile object (and would exhaust the stack)


class Reader:
    """Little-endian reads that raise ``MathTypeError`` (with the byte offset) past the end."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def u8(self) -> int:
        if self.pos >= len(self.data):
            raise MathTypeError(f"the equation ends too early (byte {self.pos})")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u16(self) -> int:
        return self.u8() | (self.u8() << 8)

    def s16(self) -> int:
        v = self.u16()
        return v - 0x10000 if v & 0x8000 else v

    def skip(self, n: int) -> None:
        if self.pos + n > len(self.data):
            raise MathTypeError(f"the equation ends too early (byte {self.pos})")
        self.pos += n

    def mtuint(self) -> int:
        b = self.u8()
        return self.u16() if b == 0xFF else b

    def cstring(self) -> str:
        end = self.data.find(b"\0", self.pos)
        if end < 0:
            raise MathTypeError(f"unterminated name at byte {self.pos}")
        s = self.data[self.pos : end].decode("latin-1")
        self.pos = end + 1
        return s

    def nudge(self) -> None:
        dx, dy = self.u8(), self.u8()
        if dx == 128 and dy == 128:
            self.skip(4)


def partitions(r: Reader, n: int) -> list[int]:
    """``n`` two-bit partition line styles, packed from the low bits up, rounded to a byte."""
    nbytes = (2 * n + 7) // 8
    raw = [r.u8() for _ in range(nbytes)]
    return [(raw[i // 4] >> (2 * (i % 4))) & 3 for i in range(n)]


def skip_size(r: Reader) -> None:
    lsize = r.u8()
    if lsize == 101:
        r.skip(2)
    elif lsize == 100:
        r.skip(3)
    else:
        r.skip(1)


def skip_eqn_prefs(r: Reader) -> None:
    r.u8()  # options
    for _ in range(2):  # sizes, then spaces: a count and that many nibble-coded dimensions
        _dimensions(r, r.u8())
    for _ in range(r.u8()):  # styles: font def index and, when non-zero, a style byte
        if r.u8():
            r.u8()


def _dimensions(r: Reader, count: int) -> None:
    """Skip ``count`` dimensions: each a unit nibble then value nibbles ended by 0xF, packed
    high nibble first; the array as a whole is padded to a byte."""
    high = True
    byte = 0
    for _ in range(count):
        first = True
        while True:
            if high:
                byte = r.u8()
                nib = byte >> 4
            else:
                nib = byte & 0xF
            high = not high
            if not first and nib == 0xF:
                break
            first = False
