"""Vietnamese-aware text normalisation: NFC, whitespace, and diacritic folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
# đ/Đ have no Unicode decomposition, so NFD-stripping leaves them: map them explicitly.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, non-breaking spaces to spaces, whitespace collapsed, stripped."""
    return _WS.sub(" ", nfc(text).replace("\u00a0", " ").replace("\u200b", "")).strip()


def fold(text: str) -> str:
    """Lower case without diacritics: "Phương trình Đạo hàm" -> "phuong trinh dao ham"."""
    if text.isascii():  # nothing to decompose or strip
        return text.casefold()
    # Word by word, each distinct word folded once: a space starts no composition and takes no
    # mark, so folding the words apart gives exactly the fold of the whole text, and the same few
    # thousand syllables make up most of what is folded (fingerprints fold every stem and option).
    return " ".join([_fold_word(w) if len(w) <= 40 else _fold(w) for w in text.split(" ")])


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return _fold(word)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).casefold()


def parse_decimal(text: str) -> float | None:
    """Read "2,5" or "2.5" or "0,25đ" as a float; None when there is no number."""
    m = re.search(r"\d+(?:[.,]\d+)?", text)
    if not m:
        return None
    return float(m.group(0).replace(",", "."))
