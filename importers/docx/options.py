"""Options A–D: cutting them out of lines and cells, and reading which one the formatting marks right."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from importers.docx.labels import OPTION_INLINE, OPTION_INLINE_LOWER, OPTION_LOOSE, OPTION_START, OPTION_START_LOWER
from importers.docx.para import Para, TableBlock
from qbank.domain.content import Break, Math, Ole, Text

_RED = re.compile(r"^(?:FF0000|C00000|E60000|FF3300|EE0000|DD0000|CC0000|FF0033|FE0000|E00000|FF0066|RED)$", re.I)


@dataclass
class OptDraft:
    label: str
    paras: list[Para | TableBlock] = field(default_factory=list)  # an option may hold a picture table
    star: bool = False
    label_para: Para | None = None  # the label itself, for its formatting
    tick: bool = False  # a trailing "✓" / "(đúng)" marked it right (and was cut off)
    line: Para | None = None  # the line as printed, label included (to undo the split)


# "B. tế bào ✓", "C. <picture> (đúng)": a mark after the option's text that says it is the right one.
_TICK = re.compile(r"\s*(?:[✓✔✅☑]|\(\s*(?:đúng|đáp án đúng|đ/a|correct)\s*\))[\s.]*$", re.I)


def strip_tick(opt: OptDraft) -> bool:
    """Cut a trailing "✓"/"✔"/"(đúng)" off the option's last line; True (and ``opt.tick`` set) when there was one."""
    for i in range(len(opt.paras) - 1, -1, -1):
        para = opt.paras[i]
        if isinstance(para, TableBlock):
            return False
        if para.is_blank():
            continue
        m = _TICK.search(para.text)
        if not m:
            return False
        opt.paras[i] = para.cut(0, m.start())
        opt.tick = True
        return True
    return False


def split_options(para: Para, expected: str, loose: bool = False, lower: bool = False) -> list[tuple[str, bool, Para, Para]] | None:
    """Cut a line that starts with option ``expected`` ("A") into (label, star, label part, content) pieces.

    Later labels must follow in order (B after A...), so "A. Điểm B thuộc" stays one option.
    ``lower``: the labels are written "a." ... "d." (returned upper-case).
    """
    text = para.text
    m = (OPTION_START_LOWER if lower else OPTION_START).match(text)
    if not m or m.group("letter").upper() != expected:
        if not loose or lower:
            return None
        m = OPTION_LOOSE.search(text)
        if not m or m.group("letter") != expected:
            return None
    cuts: list[tuple[int, int, str, bool]] = [(m.start(), m.end(), expected, bool(m.group("star")))]
    pattern = OPTION_INLINE_LOWER if lower else OPTION_LOOSE if loose else OPTION_INLINE
    pos = m.end()
    nxt = chr(ord(expected) + 1)
    for mm in pattern.finditer(text, pos):
        if mm.group("letter").upper() == nxt:
            cuts.append((mm.start(), mm.end(), nxt, bool(mm.group("star"))))
            nxt = chr(ord(nxt) + 1)
    out = []
    for i, (start, end, letter, star) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        # Trim the tabs and spaces between options before cutting, so each piece is cut once.
        while end < stop and text[end] in _BLANK:
            end += 1
        while stop > end and text[stop - 1] in _BLANK:
            stop -= 1
        out.append((letter, star, para.cut(start, end), para.cut(end, stop)))
    return out


_BLANK = " \t\n\u00a0"


@dataclass
class _Look:
    underline: bool = False
    highlight: str | None = None
    color: str | None = None
    bold: bool = False
    italic: bool = False
    star: bool = False
    tick: bool = False


def _look(opt: OptDraft) -> _Look:
    look = _Look(star=opt.star, tick=opt.tick)
    label_bits = _visible(opt.label_para) if opt.label_para is not None else []
    body_bits = [b for p in opt.paras if isinstance(p, Para) for b in _visible(p)]
    if label_bits:
        look.underline = any(b[0] for b in label_bits)
        look.highlight = next((b[1] for b in label_bits if b[1]), None)
        look.color = _mode([b[2] for b in label_bits])[0]
        look.bold = any(b[3] for b in label_bits)
        look.italic = any(b[4] for b in label_bits)
    if body_bits:
        half = len(body_bits) / 2
        if not look.underline:
            look.underline = sum(1 for b in body_bits if b[0]) > half
        if not look.highlight:
            hl, count = _mode([b[1] for b in body_bits])
            look.highlight = hl if hl and count > half else None
        if not look.color:
            col, count = _mode([b[2] for b in body_bits])
            look.color = col if count > half else None
        # "A. <b><i>hoạt động kinh tế</i></b>": the text bold (or italic) while its label is plain.
        look.bold = look.bold or sum(1 for b in body_bits if b[3]) > half
        look.italic = look.italic or sum(1 for b in body_bits if b[4]) > half
    return look


def _mode(values: list[str | None]) -> tuple[str | None, int]:
    """The most frequent value and how often it occurs (first seen wins a tie)."""
    if len(values) == 1:
        return values[0], 1
    counts: dict[str | None, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts, key=counts.__getitem__)
    return best, counts[best]


def _visible(para: Para) -> list[tuple[bool, str | None, str | None, bool, bool]]:
    """(underline, highlight, colour, bold, italic) for each visible piece: text runs and equations."""
    out = []
    for inline, fmt in zip(para.inlines, para.fmts, strict=False):
        if isinstance(inline, Text):
            if not inline.text.strip() or inline.text.strip() in (".", ")"):
                continue
            shade = fmt.shade if fmt is not None else None
            out.append((inline.underline, inline.highlight or shade, inline.color, inline.bold, inline.italic))
        elif isinstance(inline, (Math, Ole)) and fmt is not None:
            out.append((bool(fmt.underline), fmt.highlight or fmt.shade or None, fmt.color or None, bool(fmt.bold),
                        bool(fmt.italic)))
        elif isinstance(inline, Break):
            continue
    return out


def marked_correct(options: list[OptDraft]) -> tuple[int | None, str]:
    """Index of the option the formatting marks as right (and how), or (None, "")."""
    if len(options) < 2:
        return None, ""
    looks = [_look(o) for o in options]
    for name, has in (
        ("a trailing ✓ / (đúng)", lambda lk: lk.tick),
        ("a leading *", lambda lk: lk.star),
        ("underline", lambda lk: lk.underline),
        ("highlight", lambda lk: bool(lk.highlight)),
        ("red colour", lambda lk: bool(lk.color and _RED.match(lk.color))),
    ):
        hits = [i for i, lk in enumerate(looks) if has(lk)]
        if len(hits) == 1:
            return hits[0], name
    colours = [lk.color for lk in looks]
    common = Counter(colours).most_common()
    if len(common) == 2 and common[1][1] == 1 and common[0][1] == len(options) - 1:
        return colours.index(common[1][0]), "a distinct colour"
    bolds = [i for i, lk in enumerate(looks) if lk.bold]
    if len(bolds) == 1:
        return bolds[0], "bold"
    italics = [i for i, lk in enumerate(looks) if lk.italic]
    if len(italics) == 1:
        return italics[0], "italic"
    return None, ""


def marked_true(statements: list[list[Para]]) -> list[bool] | None:
    """Which true/false statements the formatting marks as true, when some (not all) carry a mark."""
    if len(statements) < 2:
        return None
    looks = [_look(OptDraft("", list(paras))) for paras in statements]
    for has in (
        lambda lk: lk.underline,
        lambda lk: bool(lk.highlight),
        lambda lk: bool(lk.color and _RED.match(lk.color)),
    ):
        flags = [bool(has(lk)) for lk in looks]
        if 0 < sum(flags) < len(flags):
            return flags
    return None


def option_cells(cells: list[list[Para]], expected: str) -> list[tuple[str, bool, Para, list[Para]]] | None:
    """Options laid out in table cells: "A. ..." in each cell (one row or two), or a cell holding
    only the label ("A.") followed by a cell with the content. Extra lines of a cell stay with it."""
    out: list[tuple[str, bool, Para, list[Para]]] = []
    nxt = expected
    pending: tuple[str, bool, Para] | None = None  # a label cell waiting for its content cell
    for paras in cells:
        paras = [p for p in paras if not p.is_blank()]
        if not paras:
            continue
        if pending is not None:
            letter, star, lab = pending
            out.append((letter, star, lab, paras))
            pending = None
            nxt = chr(ord(letter) + 1)
            continue
        got = split_options(paras[0], nxt)
        if not got:
            return None
        if len(got) == 1 and got[0][3].is_blank() and len(paras) == 1:
            pending = (got[0][0], got[0][1], got[0][2])
            continue
        for i, (letter, star, lab, body) in enumerate(got):
            extra = paras[1:] if i == len(got) - 1 else []
            out.append((letter, star, lab, [body, *extra]))
        nxt = chr(ord(out[-1][0]) + 1)
    if pending is not None:
        out.append((pending[0], pending[1], pending[2], []))
    return out if len(out) >= 2 else None


def marked_letters(lines: list[Para]) -> list[bool] | None:
    """Which true/false statements are marked true by the formatting of their letter "a)"–"d)":
    underlined, coloured, highlighted or bold while the others are not (an unmarked letter is Sai)."""
    if len(lines) < 2:
        return None
    looks = [_letter_look(ln) for ln in lines]
    if any(lk is None for lk in looks):
        return None
    for has in (lambda lk: lk[0], lambda lk: bool(lk[1]), lambda lk: bool(lk[2]), lambda lk: lk[3]):
        flags = [bool(has(lk)) for lk in looks]
        if 0 < sum(flags) < len(flags):
            return flags
    return None


def _letter_look(line: Para) -> tuple[bool, str | None, str | None, bool] | None:
    """(underline, colour, highlight, bold) of the run that holds a statement's letter."""
    for inline, fmt in zip(line.inlines, line.fmts, strict=False):
        if isinstance(inline, Text) and inline.text.strip():
            if not inline.text.strip()[0].isalpha():
                return None
            shade = fmt.shade if fmt is not None else None
            colour = inline.color if inline.color and inline.color.upper() not in ("000000", "AUTO") else None
            return inline.underline, colour, inline.highlight or shade, inline.bold
        if not isinstance(inline, Text):
            return None
    return None
