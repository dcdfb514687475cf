"""Near-duplicate questions: character shingles of folded text, MinHash, LSH (datasketch)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH

from search_index.text import fold_token, tokens

DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True)
class Match:
    id: int
    similarity: float  # MinHash estimate of the Jaccard similarity of the shingle sets


def normalise(text: str) -> str:
    """Folded words (LaTeX commands and numbers kept) joined by single spaces: punctuation,
    spacing, case and diacritics never make two questions look different."""
    return " ".join(fold_token(t) for t in tokens(text))


def shingles(text: str, k: int = 3, *, normalised: bool = False) -> set[bytes]:
    """Character k-grams. Questions are short (~80 characters), so every edit costs about k
    shingles: with k=3 a reworded question with one number changed measured J=0.85, with k=5
    0.79 (under the threshold); a "sum of roots" vs "product of roots" variant stays at 0.74.
    ``normalised``: ``text`` is already ``normalise``'s output (stored that way)."""
    norm = text if normalised else normalise(text)
    if not norm:
        return set()
    if len(norm) <= k:
        return {norm.encode("utf-8")}
    return {norm[i : i + k].encode("utf-8") for i in range(len(norm) - k + 1)}


class NearDuplicateIndex:
    """Find questions whose text is nearly the same as a new one (reworded, a number changed)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = 256, shingle_size: int = 3, seed: int = 1) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[int, LeanMinHash] = {}

    @classmethod
    def build(cls, items: Iterable[tuple[int, str]], **kwargs: float | int) -> NearDuplicateIndex:
        index = cls(**kwargs)  # type: ignore[arg-type]
        for qid, text in items:
            index.add(qid, text)
        return index

    def _minhash(self, text: str) -> LeanMinHash | None:
        sh = shingles(text, self.shingle_size)
        if not sh:
            return None
        m = MinHash(num_perm=self.num_perm, seed=self.seed)
        m.update_batch(list(sh))
        return LeanMinHash(m)

    def add(self, qid: int, text: str) -> None:
        """Insert or replace the text of ``qid``."""
        self.remove(qid)
        m = self._minhash(text)
        if m is None:
            return
        self._lsh.insert(qid, m)
        self._hashes[qid] = m

    def remove(self, qid: int) -> None:
        if qid in self._hashes:
            self._lsh.remove(qid)
            del self._hashes[qid]

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, qid: object) -> bool:
        return qid in self._hashes

    def query(self, text: str, *, exclude: int | None = None, min_similarity: float | None = None) -> list[Match]:
        """Likely duplicates of ``text``, most similar first, with their Jaccard estimates."""
        m = self._minhash(text)
        if m is None:
            return []
        floor = self.threshold if min_similarity is None else min_similarity
        out = []
        for qid in self._lsh.query(m):
            if qid == exclude:
                continue
            sim = float(m.jaccard(self._hashes[qid]))
            if sim >= floor:
                out.append(Match(qid, round(sim, 4)))
        return sorted(out, key=lambda x: (-x.similarity, x.id))
