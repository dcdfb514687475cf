"""MathType characters: Symbol-font and MTCode private-use positions to Unicode, and token kinds."""

from __future__ import annotations

from importers.mathtype import records as R

# Adobe Symbol font positions that differ from Latin-1 (Equation Editor 3 and explicit "Symbol"
# font runs store these positions instead of Unicode).
SYMBOL_FONT: dict[int, str] = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅",
    0x41: "Α", 0x42: "Β", 0x43: "Χ", 0x44: "Δ", 0x45: "Ε", 0x46: "Φ", 0x47: "Γ", 0x48: "Η", 0x49: "Ι",
    0x4A: "ϑ", 0x4B: "Κ", 0x4C: "Λ", 0x4D: "Μ", 0x4E: "Ν", 0x4F: "Ο", 0x50: "Π", 0x51: "Θ", 0x52: "Ρ",
    0x53: "Σ", 0x54: "Τ", 0x55: "Υ", 0x56: "ς", 0x57: "Ω", 0x58: "Ξ", 0x59: "Ψ", 0x5A: "Ζ",
    0x5C: "∴", 0x5E: "⊥", 0x60: "‾",
    0x61: "α", 0x62: "β", 0x63: "χ", 0x64: "δ", 0x65: "ε", 0x66: "φ", 0x67: "γ", 0x68: "η", 0x69: "ι",
    0x6A: "ϕ", 0x6B: "κ", 0x6C: "λ", 0x6D: "μ", 0x6E: "ν", 0x6F: "ο", 0x70: "π", 0x71: "θ", 0x72: "ρ",
    0x73: "σ", 0x74: "τ", 0x75: "υ", 0x76: "ϖ", 0x77: "ω", 0x78: "ξ", 0x79: "ψ", 0x7A: "ζ", 0x7E: "∼",
    0xA1: "ϒ", 0xA2: "′", 0xA3: "≤", 0xA4: "⁄", 0xA5: "∞", 0xA6: "ƒ", 0xA7: "♣", 0xA8: "♦", 0xA9: "♥",
    0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″",
    0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈",
    0xBC: "…", 0xBD: "|", 0xBE: "—", 0xC0: "ℵ", 0xC1: "ℑ", 0xC2: "ℜ", 0xC3: "℘", 0xC4: "⊗", 0xC5: "⊕",
    0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈",
    0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅",
    0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓", 0xE0: "◊",
    0xE1: "⟨", 0xE5: "∑", 0xF1: "⟩", 0xF2: "∫",
}  # fmt: skip

# MTCode private-use characters seen in MathType equations, as Unicode.
MTCODE_PUA: dict[int, str] = {
    0xEB19: "⇀",  # MT Extra harpoon used by vector templates
    0xEC07: "|",  # Dirac bra-ket middle bar
    0xEE0D: "︹",  # joint-status bracket
    0xEE12: "",  # the loop drawn over contour integrals: the integral itself carries the meaning
    0xEB00: "⋮",
    0xEB01: "⋯",
    0xEB02: "⋰",
    0xEB03: "⋱",
}

# MTCode spaces (typeface fnSPACE) as widths in em.
SPACES: dict[int, float] = {
    0xEF00: 0.0, 0xEF01: 1 / 18, 0xEF02: 3 / 18, 0xEF03: 4 / 18, 0xEF04: 5 / 18,
    0xEF05: 1.0, 0xEF06: 2.0, 0xEF07: 1 / 18, 0xEF08: 0.25,
}  # fmt: skip

# Symbols that name a quantity rather than an operation, whatever typeface they are set in.
IDENTIFIER_SYMBOLS = frozenset("∞∅ℵℏℓ℘ℑℜ∇")


def char_text(ch: R.Char) -> str:
    """The Unicode text of one character record."""
    code = ch.code
    if ch.symbol_font:
        return SYMBOL_FONT.get(code, chr(code) if 0x20 <= code < 0x100 else "")
    if code in MTCODE_PUA:
        return MTCODE_PUA[code]
    alphabet = math_alphabet(code)
    if alphabet is not None:
        return alphabet[0]
    if 0xE000 <= code <= 0xF8FF or code < 0x20:
        return ""  # an unknown private glyph or a control code: nothing meaningful to show
    return chr(code)


# MTCode math alphabets: 52 letters (A-Z then a-z) from each base, written as a plain letter
# with a MathML mathvariant (and \mathfrak, \mathbb, \mathcal in LaTeX).
_ALPHABETS = ((0xF000, "fraktur"), (0xF080, "double-struck"), (0xF100, "script"))


def math_alphabet(code: int) -> tuple[str, str] | None:
    """(letter, mathvariant) for an MTCode math-alphabet letter, else None."""
    for base, variant in _ALPHABETS:
        if base <= code < base + 52:
            i = code - base
            return (chr(ord("A") + i) if i < 26 else chr(ord("a") + i - 26)), variant
    return None


def token_kind(ch: R.Char, text: str) -> str:
    """``mi``, ``mn``, ``mo`` or ``mtext`` for a character, from its typeface and the character."""
    tf = ch.typeface
    if tf in (R.FN_TEXT, R.FN_TEXT_FE):
        # A Greek letter set in text style is still a symbol (an upright Φ label), not a word.
        return "mi" if "\u0370" <= text <= "\u03ff" else "mtext"
    if tf == R.FN_FUNCTION and text.isalpha():
        return "mi"
    if text.isdigit():
        return "mn"
    if tf == R.FN_NUMBER and text in ".,":
        return "mn"
    if text in IDENTIFIER_SYMBOLS:
        return "mi"
    if text.isalpha():  # letters, Greek included, in any other typeface
        return "mi"
    return "mo"
