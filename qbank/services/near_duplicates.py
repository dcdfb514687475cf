"""Near-duplicate questions across the bank in bounded time: stored MinHash signatures and LSH bands.

Each question stores, once, its MinHash signature (``question_signatures``) and the band hashes of
that signature (``question_bands``). An import looks its questions' bands up with a few indexed
queries; the work per question is bounded by design, whatever the bank's size:

1. at most ``PER_BAND_CAP`` bank questions are read per band value (a band value shared by
   thousands of questions says nothing about any one of them);
2. a bank question is a candidate only if it shares ``MIN_BAND_HITS`` bands (one shared band is
   common between unrelated questions of one subject), and at most ``MAX_CANDIDATES`` visible
   candidates, those sharing the most bands, go on;
3. their stored signatures are compared (an estimate of the Jaccard similarity, no text decoded);
4. only the ``FINALISTS`` best estimates near the threshold are confirmed by the exact Jaccard
   similarity of character shingles (``search_index.near_dup``), which alone gives the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from qbank.db.models import QuestionRow, QuestionSignature, utcnow
from qbank.domain.actor import Actor
from qbank.domain.question import Question
from qbank.services import permissions
from search_index.minhash import (
    PERMS,
    Sketch,
    question_sketch,
    shingle_set,
)
from search_index.near_dup import normalise

# Reported, never refused: one changed number in a typical question measures ~0.93, a changed
# number plus a reworded phrase ~0.76; unrelated questions of the same topic stay under 0.5.
NEAR_THRESHOLD = 0.75
# With 32 bands of 4 rows and 3 shared bands required, a pair at Jaccard 0.75 becomes a
# candidate with probability 0.9994, a pair at 0.4 with 0.05 and at 0.3 with 0.002.
MIN_BAND_HITS = 3
PER_BAND_CAP = 64
MAX_CANDIDATES = 32
FINALISTS = 4
ESTIMATE_MARGIN = 0.12  # the 128-value estimate's standard deviation at J=0.75 is 0.038
def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of the character shingles of two question texts."""
    return _jaccard(normalise(a), normalise(b))


def _jaccard(norm_a: str, norm_b: str) -> float:
    sa, sb = shingle_set(norm_a), shingle_set(norm_b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@dataclass(frozen=True)
class NearMatch:
    index: int  # position among the questions asked about
    existing_id: int
    similarity: float


@dataclass
class NearDuplicateWork:
    """How much work a lookup did (bounded per question by the caps above, whatever the bank's size)."""

    band_rows: int = 0
    candidates: list[int] = field(default_factory=list)  # per question asked about
    exact_comparisons: int = 0


def find_near_duplicates(
    session: Session, actor: Actor, questions: Sequence[Question], *, threshold: float = NEAR_THRESHOLD,
    exclude_ids: Iterable[int] = (), work: NearDuplicateWork | None = None, sketches: Sequence[Sketch | None] | None = None,
) -> list[NearMatch]:
    """For each question, the most similar visible bank question at or above ``threshold``.
    ``sketches``: the questions' own (``question_sketch``), when the caller already computed them."""
    work = work if work is not None else NearDuplicateWork()
    sketches = list(sketches) if sketches is not None else [question_sketch(q) for q in questions]
    candidates = _candidates(session, actor, sketches, set(exclude_ids), work)
    work.candidates = [len(c) for c in candidates]
    ids = sorted(set().union(*candidates))
    if not ids:
        return []
    stored = _signatures(session, ids)
    finalists: list[list[int]] = []
    for sk, cands in zip(sketches, candidates, strict=True):
        cands = [c for c in cands if c in stored]
        if sk is None or not cands:
            finalists.append([])
            continue
        estimates = (np.stack([stored[c] for c in cands]) == sk.values()[None, :]).mean(axis=1)
        ranked = sorted(((-float(e), c) for e, c in zip(estimates, cands, strict=True) if e >= threshold - ESTIMATE_MARGIN))
        finalists.append([c for _, c in ranked[:FINALISTS]])
    bank_text = _texts(session, sorted({c for f in finalists for c in f}))
    out = []
    for i, final in enumerate(finalists):
        sk = sketches[i]
        scored = [(_jaccard(sk.normalised, bank_text[q]), q) for q in final if sk is not None and q in bank_text]
        work.exact_comparisons += len(scored)
        if scored:
            sim, qid = max(scored)
            if sim >= threshold:
                out.append(NearMatch(i, qid, round(sim, 3)))
    return out


def _candidates(
    session: Session, actor: Actor, sketches: list[Sketch | None], excluded: set[int], work: NearDuplicateWork
) -> list[list[int]]:
    """Per question, the bank questions sharing at least MIN_BAND_HITS bands, most shared first, at most MAX_CANDIDATES."""
    wanted = {(b, h) for sk in sketches for b, h in enumerate(sk.bands if sk else ())}
    by_key: dict[tuple[int, int], list[int]] = {}
    keys = sorted(wanted)
    now = utcnow()
    for start in range(0, len(keys), 400):
        rows = _fetch_all(session, _band_lookup(session, keys[start : start + 400], excluded))
        for band, h, qid in rows:
            if (band, h) in wanted:
                work.band_rows += 1
                by_key.setdefault((band, h), []).append(qid)
    arrays = {key: np.array(ids, dtype=np.int64) for key, ids in by_key.items()}
    out: list[list[int]] = []
    for sk in sketches:
        # A lookalike paper shares band values between its own questions too: count per question
        # with arrays (at most BANDS × PER_BAND_CAP ids), not id by id.
        found = [arrays[(b, h)] for b, h in enumerate(sk.bands if sk else ()) if (b, h) in arrays]
        if not found:
            out.append([])
            continue
        ids, counts = np.unique(np.concatenate(found), return_counts=True)
        keep = counts >= MIN_BAND_HITS
        ids, counts = ids[keep], counts[keep]
        order = np.lexsort((ids, -counts))[: 2 * MAX_CANDIDATES]  # most shared bands first, then lowest id
        out.append([int(x) for x in ids[order]])
    visible = _visible(session, actor, sorted({q for c in out for q in c}), now)
    return [[q for q in c if q in visible][:MAX_CANDIDATES] for c in out]


def _fetch_all(session: Session, sql: str) -> list[Any]:
    """All rows of a statement without parameters, in the session's transaction, in one fetch.
    On psycopg the text goes to the driver as is: given (even empty) parameters, psycopg scans the
    30 KB of literals for placeholders in Python first."""
    conn = session.connection()
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    return list(conn.exec_driver_sql(sql).all())


def _band_lookup(session: Session, keys: list[tuple[int, int]], excluded: set[int]) -> str:
    """At most PER_BAND_CAP question ids per (band, hash), each an index range that stops at the
    limit: a value shared by thousands of lookalikes costs no more than a rare one. PostgreSQL
    has LATERAL; SQLite evaluates a correlated ``IN (… LIMIT n)`` once per key.

    The keys (and the cap) are written into the statement as integer literals (``int()`` of our
    own hashes, so nothing a user typed): 800 bind parameters per statement cost more to parse,
    compile and bind than the query took to run."""
    values = [f"({int(b)}, {int(h)})" for b, h in keys]
    skip = f" AND question_id NOT IN ({', '.join(str(int(q)) for q in sorted(excluded))})" if excluded else ""
    if session.get_bind().dialect.name == "postgresql":
        b0, h0 = keys[0]
        values[0] = f"(CAST({int(b0)} AS integer), CAST({int(h0)} AS bigint))"  # types the VALUES columns
        sql = (
            f"SELECT k.band, k.hash, s.question_id FROM (VALUES {', '.join(values)}) AS k(band, hash) "
            f"CROSS JOIN LATERAL (SELECT question_id FROM question_bands WHERE band = k.band AND hash = k.hash{skip} "
            f"ORDER BY question_id LIMIT {PER_BAND_CAP}) AS s"
        )
    else:
        sql = (
            f"WITH k(band, hash) AS (VALUES {', '.join(values)}) "
            "SELECT qb.band, qb.hash, qb.question_id FROM k JOIN question_bands AS qb ON qb.band = k.band AND qb.hash = k.hash "
            f"AND qb.question_id IN (SELECT question_id FROM question_bands WHERE band = k.band AND hash = k.hash{skip} "
            f"ORDER BY question_id LIMIT {PER_BAND_CAP})"
        )
    return sql


def _visible(session: Session, actor: Actor, ids: list[int], now: datetime) -> set[int]:
    """Which of the candidates the actor may see (the verdict never names a hidden question)."""
    out: set[int] = set()
    for start in range(0, len(ids), 900):
        out.update(session.scalars(
            select(QuestionRow.id).where(QuestionRow.id.in_(ids[start : start + 900]), permissions.question_visible_clause(actor, now))
        ))  # fmt: skip
    return out


def _signatures(session: Session, ids: list[int]) -> dict[int, np.ndarray]:
    """Stored signatures of the candidates (no text, no version decoded)."""
    out: dict[int, np.ndarray] = {}
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(QuestionSignature.question_id, QuestionSignature.signature).where(QuestionSignature.question_id.in_(ids[start : start + 900]))
        )
        out.update((qid, np.frombuffer(sig, dtype="<u4")) for qid, sig in rows if len(sig) == PERMS * 4)
    return out


def _texts(session: Session, ids: list[int]) -> dict[int, str]:
    """The stored normalised text of a few finalists."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        rows = session.execute(
            select(QuestionSignature.question_id, QuestionSignature.normalised).where(QuestionSignature.question_id.in_(ids[start : start + 900]))
        )
        out.update((qid, norm) for qid, norm in rows)
    return out


def sketch_rows(question_id: int, sk: Sketch | None) -> tuple[list[tuple[int, int, int]], tuple[int, bytes, str] | None]:
    """The ``question_bands`` rows (question_id, band, hash) and the ``question_signatures`` row
    (question_id, signature, normalised) of a question with sketch ``sk`` (for bulk inserts)."""
    if sk is None:
        return [], None
    return [(question_id, b, h) for b, h in enumerate(sk.bands)], (question_id, sk.signature, sk.normalised)
