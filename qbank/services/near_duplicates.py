"""Near-duplicate questions across the bank: MinHash signatures banded for LSH, stored per question.

A new question's band hashes are looked up in ``question_bands`` (one indexed query for a whole
import); each candidate is then confirmed by the exact Jaccard similarity of character shingles
(``search_index.near_dup``), so the stored bands only decide who is compared, never the verdict.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from qbank.db.models import CURRENT_VERSION, QuestionBand, QuestionRow, QuestionVersion, utcnow
from qbank.domain.actor import Actor
from qbank.domain.question import Question
from qbank.domain.render import to_text
from qbank.services import permissions
from search_index.near_dup import normalise, shingles

# Reported, never refused: one changed number in a typical question measures ~0.93, a changed
# number plus a reworded phrase ~0.76; unrelated questions of the same topic stay under 0.5.
NEAR_THRESHOLD = 0.75
BANDS = 16
ROWS = 4  # 16 bands × 4 rows: pairs at Jaccard 0.75 share a band with probability ~0.9998
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20261122)
_A = _rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.uint64)


DISTINCTIVE_STEM = 60  # folded characters


def question_text(q: Question) -> str:
    """The text two questions are compared on. A long stem decides alone: a variant with a number
    changed also changes every numeric option, which would hide it. A short, generic stem ("Mark
    the letter A, B, C or D…", "Chọn đáp án đúng") says nothing, so its options are added."""
    stem = " ".join(filter(None, [to_text(q.stem), *(to_text(s.content) for s in q.subparts)]))
    if len(normalise(stem)) >= DISTINCTIVE_STEM or not q.options:
        return stem
    return " ".join([stem, *(to_text(o.content) for o in q.options)])


def _shingle_hashes(text: str) -> np.ndarray:
    sh = shingles(text)
    return np.array([struct.unpack("<Q", hashlib.blake2b(s, digest_size=8).digest())[0] >> 4 for s in sh], dtype=np.uint64)


@lru_cache(maxsize=4096)  # an import computes them for the duplicate check and again to store them
def band_hashes(text: str) -> tuple[int, ...]:
    """BANDS signed 63-bit hashes (one per band of the MinHash signature); () for empty text."""
    hs = _shingle_hashes(text)
    if hs.size == 0:
        return ()
    # (a·x + b) mod p over uint64 wraps, which keeps it a fine hash family for this purpose.
    sig = ((hs[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)).min(axis=0)
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append(struct.unpack("<q", digest)[0])
    return tuple(out)


def store_bands(session: Session, question_id: int, question: Question) -> None:
    """Replace a question's band hashes (call after insert or edit, inside the caller's transaction)."""
    session.execute(delete(QuestionBand).where(QuestionBand.question_id == question_id))
    session.add_all(QuestionBand(question_id=question_id, band=b, hash=h) for b, h in enumerate(band_hashes(question_text(question))))


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@dataclass(frozen=True)
class NearMatch:
    index: int  # position among the questions asked about
    existing_id: int
    similarity: float


def find_near_duplicates(
    session: Session, actor: Actor, questions: Sequence[Question], *, threshold: float = NEAR_THRESHOLD,
    exclude_ids: Iterable[int] = (),
) -> list[NearMatch]:
    """For each question, the most similar visible bank question at or above ``threshold``."""
    texts = [question_text(q) for q in questions]
    wanted: dict[tuple[int, int], set[int]] = {}
    for i, text in enumerate(texts):
        for b, h in enumerate(band_hashes(text)):
            wanted.setdefault((b, h), set()).add(i)
    if not wanted:
        return []
    excluded = set(exclude_ids)
    candidates: dict[int, set[int]] = {}
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = session.execute(
            select(QuestionBand.band, QuestionBand.hash, QuestionBand.question_id)
            .join(QuestionRow, QuestionRow.id == QuestionBand.question_id)
            .where(tuple_(QuestionBand.band, QuestionBand.hash).in_(chunk), permissions.question_visible_clause(actor, utcnow()))
        )
        for band, h, qid in rows:
            if qid in excluded:
                continue
            for i in wanted[(band, h)]:
                candidates.setdefault(i, set()).add(qid)
    if not candidates:
        return []
    ids = sorted(set().union(*candidates.values()))
    bank_text = {
        qid: question_text(Question.from_json(data))
        for qid, data in session.execute(
            select(QuestionVersion.question_id, QuestionVersion.data)
            .join(QuestionRow, CURRENT_VERSION)
            .where(QuestionVersion.question_id.in_(ids))
        )
    }
    out = []
    for i, qids in sorted(candidates.items()):
        best = max(((jaccard(texts[i], bank_text[q]), q) for q in qids if q in bank_text), default=(0.0, 0))
        if best[0] >= threshold:
            out.append(NearMatch(i, best[1], round(best[0], 3)))
    return out
