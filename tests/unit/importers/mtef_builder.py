"""Hand-built MathType objects for tests: MTEF v3/v5 records and the OLE compound file around them."""

from __future__ import annotations


def ole(mtef: bytes) -> bytes:
    """An OLE compound file with an ``Equation Native`` stream holding ``mtef``, as Word embeds it."""
    header = (28).to_bytes(2, "little") + (0x20000).to_bytes(4, "little") + (0xC1C6).to_bytes(2, "little")
    header += len(mtef).to_bytes(4, "little") + bytes(16)
    return compound_file({"Equation Native": header + mtef})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors); every stream must be under 4 kB (the mini stream)."""
    sector = 512
    names = list(streams)
    # Everything small goes in the mini stream (64-byte mini sectors) stored in the root entry.
    mini = b""
    starts: dict[str, int] = {}
    for name in names:
        starts[name] = len(mini) // 64
        data = streams[name]
        mini += data + bytes(-len(data) % 64)
    minifat = []
    for name in names:
        n = (len(streams[name]) + 63) // 64
        first = starts[name]
        minifat += [first + i + 1 for i in range(n - 1)] + [0xFFFFFFFE]
    minifat_bytes = b"".join(x.to_bytes(4, "little") for x in minifat)
    minifat_bytes += b"\xff\xff\xff\xff" * (-len(minifat) % 128)
    mini_stream = mini + bytes(-len(mini) % sector)
    # sectors: 0 FAT, 1 directory, 2 minifat, 3.. mini stream
    n_mini_stream = len(mini_stream) // sector
    fat = [0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE] + [3 + i + 1 for i in range(n_mini_stream - 1)] + [0xFFFFFFFE]
    fat_bytes = b"".join(x.to_bytes(4, "little") for x in fat) + b"\xff\xff\xff\xff" * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw + bytes(64 - len(raw)) + len(raw).to_bytes(2, "little") + bytes([kind, 1])
        e += (0xFFFFFFFF).to_bytes(4, "little") * 2 + child.to_bytes(4, "little") + bytes(16 + 4 + 16)
        e += start.to_bytes(4, "little") + size.to_bytes(4, "little") + bytes(4)
        return e

    directory = entry("Root Entry", 5, 3, len(mini), child=1)
    for name in names:
        directory += entry(name, 2, starts[name], len(streams[name]))
    directory += bytes(sector - len(directory))
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + (0x3E).to_bytes(2, "little") + (3).to_bytes(2, "little")
    header += b"\xfe\xff" + (9).to_bytes(2, "little") + (6).to_bytes(2, "little") + bytes(6)
    header += (0).to_bytes(4, "little") + (1).to_bytes(4, "little") + (1).to_bytes(4, "little") + bytes(4)
    header += (4096).to_bytes(4, "little") + (2).to_bytes(4, "little") + (1).to_bytes(4, "little")
    header += (0xFFFFFFFE).to_bytes(4, "little") + (0).to_bytes(4, "little")
    header += (0).to_bytes(4, "little") + b"\xff\xff\xff\xff" * 108
    minifat_sector = minifat_bytes[:sector] + bytes(sector - len(minifat_bytes[:sector]))
    return header + fat_bytes + directory + minifat_sector + mini_stream


def v3(*records: bytes) -> bytes:
    return bytes([3, 1, 1, 3, 0]) + b"".join(records)


def v3_char(typeface: int, code: int) -> bytes:
    return bytes([2, typeface + 128]) + code.to_bytes(2, "little")


def v3_line(*items: bytes) -> bytes:
    return bytes([1]) + b"".join(items) + bytes([0])


def v3_tmpl(selector: int, variation: int, *subs: bytes) -> bytes:
    return bytes([3, selector, variation, 0]) + b"".join(subs) + bytes([0])


def v5(*records: bytes) -> bytes:
    return bytes([5, 1, 0, 6, 9]) + b"DSMT6\0" + bytes([0]) + b"".join(records)


def v5_char(typeface: int, code: int, embell: int | None = None) -> bytes:
    if embell is None:
        return bytes([2, 0, typeface + 128]) + code.to_bytes(2, "little")
    return bytes([2, 1, typeface + 128]) + code.to_bytes(2, "little") + bytes([6, 0, embell, 0])


def v5_line(*items: bytes) -> bytes:
    return bytes([1, 0]) + b"".join(items) + bytes([0])


def v5_tmpl(selector: int, variation: int, *subs: bytes) -> bytes:
    return bytes([3, 0, selector, variation, 0]) + b"".join(subs) + bytes([0])


NULL5 = bytes([1, 1])
