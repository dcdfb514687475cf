"""MinHash sketches of question texts for near-duplicate lookup: the comparison text, its signature
and LSH band hashes (stored once per question; the database migration that backfills them and the
near-duplicate service compute them here, identically)."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qbank.domain.question import Question
from qbank.domain.render import to_text
from search_index.near_dup import normalise, shingles

BANDS = 32
ROWS = 4
PERMS = BANDS * ROWS
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, _PRIME, PERMS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMS, dtype=np.uint64)
_LOW32 = np.uint64(0xFFFFFFFF)

DISTINCTIVE_STEM = 60  # folded characters


def question_text(q: Question) -> str:
    """The text two questions are compared on. A long stem decides alone: a variant with a number
    changed also changes every numeric option, which would hide it. A short, generic stem ("Mark
    the letter A, B, C or D…", "Chọn đáp án đúng") says nothing, so its options are added."""
    stem = " ".join(filter(None, [to_text(q.stem), *(to_text(s.content) for s in q.subparts)]))
    if len(normalise(stem)) >= DISTINCTIVE_STEM or not q.options:
        return stem
    return " ".join([stem, *(to_text(o.content) for o in q.options)])


@dataclass(frozen=True)
class Sketch:
    """A question's MinHash signature (PERMS little-endian uint32 minima), its band hashes and
    its normalised text (stored, so a finalist is confirmed without decoding its version)."""

    signature: bytes
    bands: tuple[int, ...]
    normalised: str

    def values(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype="<u4")


@lru_cache(maxsize=8192)  # an import computes them for the duplicate check and again to store them
def sketch(text: str) -> Sketch | None:
    """The question text's signature and bands, or None for text with nothing to compare."""
    norm = normalise(text)
    sh = shingle_set(norm)
    if not sh:
        return None
    hs = np.fromiter((struct.unpack("<Q", hashlib.blake2b(s, digest_size=8).digest())[0] >> 4 for s in sh), np.uint64, len(sh))
    # (a·x + b) mod p over uint64 wraps, which keeps it a fine hash family for this purpose; the
    # low 32 bits of each minimum are kept (two different minima agree there once in 4 billion).
    sig = (((hs[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)).min(axis=0) & _LOW32).astype("<u4")
    raw = sig.tobytes()
    step = ROWS * 4
    bands = tuple(struct.unpack("<q", hashlib.blake2b(raw[b * step : (b + 1) * step], digest_size=8).digest())[0] for b in range(BANDS))
    return Sketch(raw, bands, norm)


def question_sketch(question: Question) -> Sketch | None:
    """The sketch of a question's comparison text (an import computes it once per question)."""
    return sketch(question_text(question))


def band_hashes(text: str) -> tuple[int, ...]:
    """BANDS signed 63-bit hashes (one per band of the MinHash signature); () for empty text."""
    s = sketch(text)
    return s.bands if s else ()


@lru_cache(maxsize=8192)
def shingle_set(norm: str) -> frozenset[bytes]:
    """The character shingles of a normalised text, as a set (cached: finalists are compared often)."""
    return frozenset(shingles(norm, normalised=True))
