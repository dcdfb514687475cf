"""Pre-pass over a .docx body: text typed in TCVN3 (ABC) or VNI fonts becomes Unicode NFC, run by run.

Before Unicode, Vietnamese was typed with 8-bit fonts: TCVN 5712:1993 VN3 (the ABC fonts
``.VnTime``, ``.VnArial``…; their ``…H`` twins draw the same codes as capitals) and VNI
(``VNI-Times``…, where a letter is a base byte followed by a tone byte). Word stores each byte as
the Windows-1252 character of that code, so "Đề thi" in ``.VnTime`` arrives as "§Ò thi". This
module rewrites the ``w:t`` text of such runs in place before the importer reads the body,
deciding by the run's font (direct, character style, paragraph style, document defaults) and,
for text whose font says nothing, by characters that only make sense as TCVN3.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"

# Tone marks in the order the standards list them: huyền, hỏi, ngã, sắc, nặng.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# -- TCVN 5712:1993, VN3 (the ABC fonts) ---------------------------------------------------
# Each vowel: its own code, then its five toned forms (huyền, hỏi, ngã, sắc, nặng).
_TCVN3_VOWELS: dict[str, tuple[int, int, int, int, int, int]] = {
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# The seven capitals VN3 has codes for (toned capitals come from the …H fonts instead), and đ.
_TCVN3_OTHERS = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xAE: "đ"}


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_OTHERS)
    for base, codes in _TCVN3_VOWELS.items():
        if codes[0] >= 0x80:
            table[codes[0]] = base
        for tone, code in zip(TONES, codes[1:], strict=True):
            table[code] = _toned(base, tone)
    return table


TCVN3: dict[int, str] = _tcvn3_table()  # byte -> Unicode letter (bytes not listed are ASCII/unchanged)

# -- VNI (VNI Windows fonts) ------------------------------------------------------------------
# A base letter followed by a modifier byte; order: plain, huyền, hỏi, ngã, sắc, nặng.
# Written as the Windows-1252 characters Word stores for the bytes.
_VNI_VOWELS: dict[str, tuple[str, str, str, str, str, str]] = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ"}
    for base, codes in _VNI_VOWELS.items():
        forms = (base, *(_toned(base, t) for t in TONES))
        for code, letter in zip(codes, forms, strict=True):
            if code == base:
                continue
            table[code] = letter
            table[code.upper()] = letter.upper()
            if len(code) == 2:  # a capital base with a small modifier also occurs in real files
                table[code[0].upper() + code[1]] = letter.upper()
    return table


VNI: dict[str, str] = _vni_table()  # one or two stored characters -> Unicode letter
_VNI_PATTERN = re.compile("|".join(sorted((re.escape(k) for k in VNI), key=len, reverse=True)))

# Byte -> the character Word stores for it (Windows-1252; its five holes come through as C1 controls).
_CP1252_TO_BYTE: dict[str, int] = {}
for _b in range(0x80, 0x100):
    try:
        _CP1252_TO_BYTE[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        _CP1252_TO_BYTE[chr(_b)] = _b


def _byte_of(ch: str) -> int | None:
    o = ord(ch)
    if o < 0x80:
        return o
    if ch in _CP1252_TO_BYTE:
        return _CP1252_TO_BYTE[ch]
    if 0xF000 <= o <= 0xF0FF:  # symbol-font style private-use codes
        return o - 0xF000
    if o < 0x100:
        return o
    return None


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text as Word stores it → Unicode NFC; ``capitals`` for the ``…H`` fonts."""
    out = []
    for ch in text:
        b = _byte_of(ch)
        out.append(TCVN3.get(b, ch) if b is not None else ch)
    s = "".join(out)
    if capitals:
        s = s.upper()
    return unicodedata.normalize("NFC", s)


def decode_vni(text: str) -> str:
    """VNI text as Word stores it → Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text))


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """("tcvn3", capitals) for ABC fonts, ("vni", False) for VNI fonts, None for Unicode fonts."""
    if not font:
        return None
    name = font.strip()
    low = name.lower()
    if low.startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if low.startswith(("vni-", "vni ")):
        return "vni", False
    return None


# Characters TCVN3 text is full of and Vietnamese Unicode text never contains: the Windows-1252
# forms of VN3 codes that are neither a Vietnamese letter nor a symbol a paper would use.
_VIET_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_SYMBOLS = set("°±×÷«»·©®§µ")
_MARKERS = frozenset(
    bytes([b]).decode("cp1252")
    for b in TCVN3
    if b >= 0xA0 and bytes([b]).decode("cp1252") not in _VIET_LATIN1 | _SYMBOLS
)
_MARKER_RE = re.compile("[" + re.escape("".join(sorted(_MARKERS)) + "§") + "]")
# TCVN3 also puts codes that read as Latin-1 capitals in mid-word ("§iÓm" = "Điểm"): a capital
# right after a small letter is not how Unicode Vietnamese is written.
_MIDWORD_CAP_RE = re.compile("(?<=[a-z§\u00a8-\u00ae])[ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]")
_SPACE_RE = re.compile(r"\s")
_MIN_MARKERS = 3
_MIN_SHARE = 0.04


def looks_like_tcvn3(text: str) -> bool:
    """True when text only makes sense as TCVN3 ("§Ò thi häc sinh giái"): several marker characters, a fair share."""
    markers = len(_MARKER_RE.findall(text)) + len(_MIDWORD_CAP_RE.findall(text))  # regexes: cheap on long papers
    if markers < _MIN_MARKERS:
        return False
    letters = len(text) - len(_SPACE_RE.findall(text))
    return markers / max(letters, 1) >= _MIN_SHARE


# Letters only Unicode Vietnamese has (ă đ ĩ ũ ơ ư and the toned ones): a paragraph with any is Unicode.
_UNICODE_VIET = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def _could_be_8bit(text: str) -> bool:
    """A run holding a character no 8-bit font can produce (ế, ộ…) is already Unicode."""
    return all(_byte_of(c) is not None for c in text)


# -- fonts of runs: direct, character style, paragraph style, document defaults ----------------
def _rfont(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(W + "hAnsi") or fonts.get(W + "ascii")


@dataclass
class _Styles:
    fonts: dict[str, str | None] = field(default_factory=dict)  # style id -> its own font
    based: dict[str, str | None] = field(default_factory=dict)
    default_font: str | None = None
    default_para: str | None = None
    _cache: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> _Styles:
        st = cls()
        if root is None:
            return st
        st.default_font = _rfont(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for el in root.iterchildren(W + "style"):
            sid = el.get(W + "styleId")
            if not sid:
                continue
            st.fonts[sid] = _rfont(el.find(W + "rPr"))
            based = el.find(W + "basedOn")
            st.based[sid] = None if based is None else based.get(W + "val")
            if el.get(W + "type") == "paragraph" and el.get(W + "default") in ("1", "true"):
                st.default_para = sid
        return st

    def font(self, sid: str | None) -> str | None:
        if not sid:
            return None
        if sid in self._cache:
            return self._cache[sid]
        seen: set[str] = set()
        cur: str | None = sid
        found = None
        while cur and cur not in seen:
            seen.add(cur)
            if self.fonts.get(cur):
                found = self.fonts[cur]
                break
            cur = self.based.get(cur)
        self._cache[sid] = found
        return found


_GUESSED = "TCVN3 by its text"


@dataclass
class LegacyReport:
    """Where each encoding was converted: encoding label -> (fonts, places in order)."""

    places: dict[str, tuple[set[str], list[str]]] = field(default_factory=dict)

    def add(self, label: str, font: str, where: str) -> None:
        fonts, places = self.places.setdefault(label, (set(), []))
        fonts.add(font)
        if not places or places[-1] != where:
            places.append(where)

    def messages(self) -> list[tuple[str, str]]:
        """(where, text) pairs, one per encoding."""
        out = []
        for label, (fonts, places) in self.places.items():
            shown = ", ".join(sorted(fonts))
            if label == _GUESSED:
                text = f"text in {shown} that only makes sense as TCVN3 was converted to Unicode"
            else:
                text = f"text in {label} ({shown}) was converted to Unicode"
            out.append((_ranges(places), text))
        return out


def _ranges(places: list[str]) -> str:
    """["paragraph 1", "paragraph 2", "paragraph 7", "table 1"] -> "paragraphs 1-2, 7; table 1"."""
    by_kind: dict[str, list[int]] = {}
    for p in places:
        kind, _, num = p.partition(" ")
        nums = by_kind.setdefault(kind, [])
        if int(num) not in nums:
            nums.append(int(num))
    out = []
    for kind, nums in by_kind.items():
        spans: list[list[int]] = []
        for n in sorted(nums):
            if spans and n == spans[-1][1] + 1:
                spans[-1][1] = n
            else:
                spans.append([n, n])
        shown = [f"{a}-{b}" if a != b else f"{a}" for a, b in spans]
        if len(shown) > 10:
            shown = [*shown[:10], f"… ({len(shown) - 10} more)"]
        out.append(f"{kind}{'s' if len(nums) > 1 else ''} {', '.join(shown)}")
    return "; ".join(out)


def _names_legacy_font(root: etree._Element) -> bool:
    """Whether any ``w:rFonts`` under ``root`` names a TCVN3 or VNI font (a C-level tag filter, then
    two attribute reads per element: far cheaper than an XPath with translate() on a big paper)."""
    ascii_, hansi = W + "ascii", W + "hAnsi"
    for el in root.iter(W + "rFonts"):
        if font_encoding(el.get(hansi)) or font_encoding(el.get(ascii_)):
            return True
    return False


_ALL_TEXT = etree.XPath("string()")  # the body's text in one C-level pass (a Python join is 100x slower)
_LEGACY_NAME = re.compile(rb'w:name="(?:\.vn|vni[- ])', re.IGNORECASE)


def convert_legacy_fonts(
    body: etree._Element,
    styles_root: etree._Element | None,
    font_table: bytes | None = None,
    note: Callable[[str, str], None] | None = None,
) -> LegacyReport:
    """Rewrite, in place, the text of every run of ``body`` typed in a legacy encoding; ``note(where, text)``
    receives one message per encoding converted."""
    report = LegacyReport()
    # Word's font table often lists a legacy font no run uses any more: look where runs, styles
    # and defaults name fonts (one XPath each) before walking every run in Python.
    declared = font_table is None or bool(_LEGACY_NAME.search(font_table))
    if declared:
        declared = _names_legacy_font(body) or (styles_root is not None and _names_legacy_font(styles_root))
    # Cheap exit for the usual Unicode paper: no legacy font declared and no TCVN3-looking text.
    if not declared and not looks_like_tcvn3(_ALL_TEXT(body)):
        return report
    styles = _Styles.read(styles_root)
    pcount = tcount = 0
    for child in body:
        if child.tag == W + "p":
            pcount += 1
            _convert_block(child, f"paragraph {pcount}", styles, report)
        elif child.tag == W + "tbl":
            tcount += 1
            _convert_block(child, f"table {tcount}", styles, report)
        elif isinstance(child.tag, str):
            _convert_block(child, f"paragraph {pcount}", styles, report)
    if note is not None:
        for where, text in report.messages():
            note(where, text)
    return report


def _convert_block(block: etree._Element, where: str, styles: _Styles, report: LegacyReport) -> None:
    for para in block.iter(W + "p"):
        pstyle_el = para.find(f"{W}pPr/{W}pStyle")
        pstyle = pstyle_el.get(W + "val") if pstyle_el is not None else styles.default_para
        para_font = styles.font(pstyle) or styles.default_font
        undeclared: list[tuple[etree._Element, str | None]] = []
        for run in para.iter(W + "r"):
            rpr = run.find(W + "rPr")
            font = _rfont(rpr)
            if font is None and rpr is not None:
                rstyle = rpr.find(W + "rStyle")
                font = styles.font(rstyle.get(W + "val")) if rstyle is not None else None
            font = font or para_font
            enc = font_encoding(font)
            if enc is None:
                undeclared.append((run, font))
                continue
            kind, capitals = enc
            changed = False
            if kind == "tcvn3":
                # VN3 puts "ư" at 0xAD, the soft hyphen of Windows-1252: a converter may have stored it as one.
                for sh in list(run.iter(W + "softHyphen")):
                    t = etree.Element(W + "t")
                    t.text = "\u00ad"
                    sh.getparent().replace(sh, t)
            for t in run.iter(W + "t"):
                if t.text:
                    new = decode_tcvn3(t.text, capitals) if kind == "tcvn3" else decode_vni(t.text)
                    changed |= new != t.text
                    t.text = new
            if changed:
                report.add("TCVN3" if kind == "tcvn3" else "VNI", font or "", where)
        if undeclared:
            _convert_undeclared(undeclared, where, report)


def _convert_undeclared(runs: list[tuple[etree._Element, str | None]], where: str, report: LegacyReport) -> None:
    """Runs whose font claims Unicode but whose paragraph text only makes sense as TCVN3."""
    texts = [(run, font, [t for t in run.iter(W + "t") if t.text]) for run, font in runs]
    joined = "".join(t.text for _, _, ts in texts for t in ts)
    if _UNICODE_VIET.search(joined) or not looks_like_tcvn3(joined):
        return
    for _run, font, ts in texts:
        run_text = "".join(t.text for t in ts)
        if not run_text or not _could_be_8bit(run_text):
            continue
        for t in ts:
            t.text = decode_tcvn3(t.text)
        report.add(_GUESSED, font or "the default font", where)
