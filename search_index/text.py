"""Vietnamese text analysis shared by both backends: tokens, folded and accented forms, bigrams."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from qbank.domain.text import fold, nfc

# Letters and digits only: LaTeX "\frac{1}{2}" gives frac, 1, 2 and "x^2" gives x, 2. The
# underscore is excluded on purpose: bigram terms start with "_" so a user's prefix query can
# never expand into them.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# PostgreSQL caps positions at 16383 and keeps at most 256 positions per lexeme; cap the token
# stream below that so both backends see exactly the same counts (ranking must agree).
MAX_TOKENS = 16000
MAX_POSITIONS_PER_TERM = 256
BIGRAM_PREFIX = "_"
MAX_TOKEN_CHARS = 60  # PostgreSQL refuses lexemes over 2 KB; nothing real is this long


def tokens(text: str) -> list[str]:
    """Accented lower-case tokens in order. No stop list, no minimum size, no stemming."""
    if not text:
        return []
    return [t.lower()[:MAX_TOKEN_CHARS] for t in _TOKEN.findall(nfc(text))][:MAX_TOKENS]


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """fold() for one token, cached: the same few thousand syllables make up most text."""
    return fold(token)


def has_diacritics(token: str) -> bool:
    return fold_token(token.lower()) != token.lower()


def bigram(a: str, b: str) -> str:
    """The term standing for "a b" adjacent (folded): phrases are ANDs of these."""
    return f"{BIGRAM_PREFIX}{a}_{b}"


@dataclass(frozen=True)
class Analysed:
    """A document's text as both backends index it."""

    folded: Counter[str]  # folded unigram -> term frequency (capped at 256)
    accented: Counter[str]  # unigrams with diacritics -> term frequency (capped at 256)
    bigrams: frozenset[str]  # folded adjacent pairs, without positions
    folded_positions: dict[str, list[int]]
    accented_positions: dict[str, list[int]]

    @property
    def folded_length(self) -> int:
        """PostgreSQL's cnt_length of the folded tsvector: positions, plus 1 per bigram lexeme."""
        return sum(self.folded.values()) + len(self.bigrams)

    @property
    def accented_length(self) -> int:
        return sum(self.accented.values())


def analyse(*parts: str) -> Analysed:
    """Analyse text parts (stem, options, extra); bigrams never span two parts.

    Only words with diacritics go to the accented side: it exists to rank "bán" above "bạn"
    for a query typed with diacritics, and plain words would only repeat the folded side."""
    fpos: dict[str, list[int]] = {}
    apos: dict[str, list[int]] = {}
    bigrams: set[str] = set()
    pos = 0
    for part in parts:
        toks = tokens(part)[: MAX_TOKENS - pos]
        prev: str | None = None
        for tok in toks:
            pos += 1
            f = fold_token(tok)
            fpos.setdefault(f, []).append(pos)
            if f != tok:
                apos.setdefault(tok, []).append(pos)
            if prev is not None:
                bigrams.add(bigram(prev, f))
            prev = f
        if pos >= MAX_TOKENS:
            break
    for d in (fpos, apos):
        for k, v in d.items():
            if len(v) > MAX_POSITIONS_PER_TERM:
                d[k] = v[:MAX_POSITIONS_PER_TERM]
    return Analysed(
        folded=Counter({k: len(v) for k, v in fpos.items()}),
        accented=Counter({k: len(v) for k, v in apos.items()}),
        bigrams=frozenset(bigrams),
        folded_positions=fpos,
        accented_positions=apos,
    )


@dataclass(frozen=True)
class Terms:
    """What the Whoosh backend indexes of a document: ``analyse`` without positions or bigram
    strings (their cost was most of indexing), plus each part's folded words in order so a
    phrase can be checked against the document's own text at query time."""

    folded: dict[str, int]  # folded unigram -> term frequency (capped at 256), as Analysed.folded
    accented: dict[str, int]  # unigrams with diacritics -> term frequency (capped), as Analysed.accented
    runs: list[list[str]]  # folded tokens of each part, in order (bigrams never span two parts)
    bigram_count: int  # len(Analysed.bigrams)
    accented_words: list[str]  # every occurrence of a word with diacritics, in order (not capped)

    @property
    def folded_length(self) -> int:
        return sum(self.folded.values()) + self.bigram_count

    @property
    def accented_length(self) -> int:
        return sum(self.accented.values())


def index_terms(*parts: str) -> Terms:
    """The same terms and counts as ``analyse(*parts)`` (a unit test holds them equal)."""
    folded: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    runs: list[list[str]] = []
    acc: list[str] = []
    pos = 0
    for part in parts:
        toks = tokens(part)[: MAX_TOKENS - pos]
        pos += len(toks)
        run = list(map(fold_token, toks))
        runs.append(run)
        folded.update(run)
        acc += [t for t, f in zip(toks, run, strict=True) if t != f]
        pairs.update(zip(run, run[1:], strict=False))
        if pos >= MAX_TOKENS:
            break
    return Terms(folded=_capped(folded), accented=_capped(Counter(acc)), runs=runs, bigram_count=len(pairs), accented_words=acc)


def _capped(counts: Counter[str]) -> dict[str, int]:
    cap = MAX_POSITIONS_PER_TERM
    if counts and max(counts.values()) > cap:
        return {k: min(v, cap) for k, v in counts.items()}
    return counts
