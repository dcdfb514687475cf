"""Whoosh backend: Whoosh stores segments and postings; queries run as numpy set algebra on them.

Indexing: each document has one posting per distinct folded word, nothing else (no accented
field, no bigram terms: those were about 130 of ~190 postings per document and most of the
indexing time, one tiny posting block per rare bigram). A batch shares one writer; its postings
are collected in memory and written block by block at commit instead of through Whoosh's
per-posting pool. What the other postings did is done at query time on two byte columns: the
folded words of each part in order (a phrase "a b c" needs " a b " and " b c " in a candidate's
text, exactly the bigram AND of the PostgreSQL backend) and the words with diacritics (the
exact-spelling boost, counted in the RANK_CAP candidates only).

Why not Whoosh's own searcher: scoring every match in pure Python, facet counting through
``groupedby`` and full-count totals made p95 144 ms at 100k documents. Here each segment's facet
columns and each touched term's postings are read once into numpy arrays and cached by segment
id (segments are immutable, so the caches survive commits that leave a segment alone). A query
is then boolean masks (match, visibility, filters), ``bincount`` for facets, and the shared
ts_rank formula (search_index.ranking) on the newest RANK_CAP matches.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import multiprocessing
import os
import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import columns, fields, index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.index import LockError
from whoosh.system import pack_uint
from whoosh.writing import CLEAR

from search_index.base import (
    FACETS,
    INT_FACETS,
    RANK_CAP,
    Progress,
    SearchDoc,
    SearchQuery,
    SearchResult,
    validate_filters,
)
from search_index.query_parser import And, Node, Not, Or, Phrase, Term, parse, positive_terms
from search_index.ranking import G, length_norm, quantize, rank_items
from search_index.snippets import snippet
from search_index.text import MAX_POSITIONS_PER_TERM, index_terms
from search_index.timeutil import epoch_us

_STRING_FACETS = tuple(f for f in FACETS if f != "department_id")  # stored as ID columns
_VIS_CODES = {"department": 0, "consortium": 1, "public": 2, "reserved": 3}
MAX_PREFIX_EXPANSION = 500
BATCH = 10_000  # documents per commit in add(): bounded memory, bounded lost work on a crash
LOCK_FILE = "qbank-write.lock"
BODY_CHARS = 5000
POSTINGS_CACHE_BYTES = 64 * 1024 * 1024  # per segment
FOLD = "fold"
# Posting values as Whoosh's Frequency format writes them, so blocks look exactly like its own.
_PACKED_FREQ = [pack_uint(i) for i in range(MAX_POSITIONS_PER_TERM + 1)]


def _schema() -> fields.Schema:
    ws = SpaceSeparatedTokenizer()
    # Facets and numbers are columns only, never indexed: numeric fields index 16 tiered terms
    # per value and Whoosh stats a file for every posting of a field without lengths, which
    # made indexing about 4x slower. Queries read the columns whole into numpy instead.
    facet_cols = {f: fields.COLUMN(columns.RefBytesColumn()) for f in (*_STRING_FACETS, "visibility")}
    return fields.Schema(
        id=fields.ID(unique=True),  # for update_document / delete_by_term
        qid=fields.COLUMN(columns.NumericColumn("q")),
        # Folded words; its postings are written by _BatchWriter, never through add_document.
        fold=fields.TEXT(analyzer=ws, phrase=False),
        ftext=fields.COLUMN(columns.VarBytesColumn()),  # " a b c | d e ": folded words per part, for phrases
        atext=fields.COLUMN(columns.VarBytesColumn()),  # " bán  bán  số ": words with diacritics, for ranking
        flen=fields.COLUMN(columns.NumericColumn("i")),
        alen=fields.COLUMN(columns.NumericColumn("i")),
        department_id=fields.COLUMN(columns.NumericColumn("q")),
        created=fields.COLUMN(columns.NumericColumn("q")),
        body=fields.STORED(),
        **facet_cols,
    )


def _check_layout(schema: fields.Schema, directory: Path) -> None:
    """An index written by an older layout would fail obscurely later: say so now."""
    want = {name: type(f).__name__ for name, f in _schema().items()}
    have = {name: type(f).__name__ for name, f in schema.items()}
    if want != have:
        raise RuntimeError(
            f"the search index in {directory} has an older layout: delete that directory, "
            "then rebuild the index (qbank reindex)"
        )


Prepared = tuple[dict[str, Any], dict[str, int]]  # (fields for add_document, folded word -> tf)


def _prepare(doc: SearchDoc) -> Prepared:
    """A document as the writer takes it; a plain function so worker processes can run it."""
    a = index_terms(doc.stem, doc.options, doc.extra)
    # Single spaces inside a part and " | " between parts: " a b " only matches adjacent words
    # of one part. Double spaces between accented words let bytes.count find every occurrence.
    ftext = " " + " | ".join(" ".join(run) for run in a.runs) + " "
    atext = " " + "  ".join(a.accented_words) + " " if a.accented_words else ""  # tf capped when counted
    out: dict[str, Any] = {
        "id": str(doc.id),
        "qid": doc.id,
        "ftext": ftext.encode("utf-8"),
        "atext": atext.encode("utf-8"),
        "flen": a.folded_length,
        "alen": a.accented_length,
        "department_id": doc.department_id,
        "created": epoch_us(doc.created_at),
        "body": "\n".join(p for p in (doc.stem, doc.options, doc.extra) if p)[:BODY_CHARS],
    }
    for f in _STRING_FACETS:
        v = doc.facet(f)
        out[f] = ("" if v is None else str(v)).encode("utf-8")
    out["visibility"] = str(doc.visibility).encode("utf-8")
    return out, a.folded


class _BatchWriter:
    """One Whoosh writer for a whole batch. Stored fields and columns go through add_document;
    the folded words' postings are kept in memory (word -> docnums, frequencies) and written at
    commit a block at a time: Whoosh's pool pickles, sorts and merges every posting one by one,
    and looks up the document's field length for each, which was most of the indexing time."""

    def __init__(self, writer: Any) -> None:
        self.w = writer
        self.postings: dict[str, tuple[list[int], list[int]]] = {}
        writer._flush_segment = self._flush_segment  # the one step that writes postings

    def add(self, prepared: Prepared, *, update: bool) -> None:
        fields_, counts = prepared
        docnum = self.w.docnum  # the number add_document is about to give this document
        if update:
            self.w.update_document(**fields_)
        else:
            self.w.add_document(**fields_)
        postings = self.postings
        for term, tf in counts.items():
            entry = postings.get(term)
            if entry is None:
                postings[term] = entry = ([], [])
            entry[0].append(docnum)
            entry[1].append(tf)

    def _flush_segment(self) -> None:
        w = self.w
        w.perdocwriter.close()
        pool, fw, schema = w.pool, w.fieldwriter, w.schema
        if FOLD in getattr(pool, "fieldnames", {FOLD}):
            # A merge copied older segments' fold postings into the pool (after this batch's
            # docnums): hand ours to the pool too and let Whoosh sort them all.
            for term in sorted(self.postings):
                btext = term.encode("utf-8")
                for docnum, tf in zip(*self.postings[term], strict=True):
                    pool.add((FOLD, btext, docnum, float(tf), _PACKED_FREQ[tf]))
            fw.add_postings(schema, None, pool.iter_postings())
        else:
            # Fields sort by name: the pool's fields before "fold", ours, then the pool's after.
            items = iter(pool.iter_postings())
            after: list[Any] = []

            def before() -> Iterator[Any]:
                for item in items:
                    if item[0] > FOLD:
                        after.append(item)
                        return
                    yield item

            fw.add_postings(schema, None, before())
            self._write_fold(fw, schema[FOLD])
            fw.add_postings(schema, None, itertools.chain(after, items))
        fw.close()

    def _write_fold(self, fw: Any, fieldobj: Any) -> None:
        if not self.postings:
            return
        fw.start_field(FOLD, fieldobj)
        for term in sorted(self.postings):  # code point order is UTF-8 byte order
            docs, tfs = self.postings[term]
            fw.start_term(term.encode("utf-8"))
            pw = fw._postwriter
            limit = pw._blocklimit
            for lo in range(0, len(docs), limit):
                chunk = tfs[lo : lo + limit]
                pw._ids = array("I", docs[lo : lo + limit])
                pw._weights = array("f", chunk)
                pw._values = [_PACKED_FREQ[tf] for tf in chunk]
                pw._maxweight = max(chunk)
                if lo + limit < len(docs):
                    pw._write_block()
            fw.finish_term()  # writes the last block, or inlines a short list as Whoosh does
        fw.finish_field()


# -- per-segment caches ------------------------------------------------------------------
@dataclass
class _SegData:
    """Column arrays of one immutable segment, and an LRU of its term postings."""

    qid: np.ndarray
    created: np.ndarray
    flen: np.ndarray
    alen: np.ndarray
    dept: np.ndarray
    facets: dict[str, tuple[np.ndarray, list[str]]]  # name -> (codes, values)
    postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=OrderedDict)
    postings_bytes: int = 0
    texts: dict[str, _Texts] = field(default_factory=dict)  # byte columns, read whole on first use


@dataclass
class _Texts:
    """A byte column of one segment as one buffer: document d is buf[start[d]:end[d]]."""

    buf: bytes
    start: np.ndarray
    end: np.ndarray


def _bytes_column(reader: Any, name: str) -> _Texts:
    col = reader.column_reader(name, translate=False)
    try:
        # VarBytesColumn: the values back to back, then their lengths (and offsets).
        lengths = np.asarray(col._lengths, dtype=np.int64)
        start = np.asarray(col._offsets, dtype=np.int64)
        buf = col._dbfile.get(col._basepos, int(lengths.sum()))
    except AttributeError:
        values = [bytes(v) for v in col]
        lengths = np.array([len(v) for v in values], dtype=np.int64)
        start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if len(values) else lengths
        buf = b"".join(values)
    return _Texts(bytes(buf), start, start + lengths)


def _int_column(reader: Any, name: str) -> np.ndarray:
    n = reader.doc_count_all()
    col = reader.column_reader(name, translate=False)
    try:
        # NumericColumn stores fixed-size big-endian values up to the last non-default one.
        raw = col._dbfile.get(col._basepos, col._count * col._fixedlen)
        values = np.frombuffer(raw, dtype=">" + col._typecode).astype(np.int64)
        out = np.full(n, col._default, dtype=np.int64)
        out[: len(values)] = values
        return out
    except AttributeError:
        return np.fromiter(col, dtype=np.int64, count=n)


def _str_column(reader: Any, name: str) -> tuple[np.ndarray, list[str]]:
    col = reader.column_reader(name, translate=False)
    try:
        # RefBytesColumn: one fixed-size reference per document into a list of unique values.
        raw = col._dbfile.get(col._basepos, col._doccount * col._itemsize)
        codes = np.frombuffer(raw, dtype=">" + col._typecode).astype(np.int32)
        return codes, [u.decode("utf-8") for u in col._uniques]
    except AttributeError:
        pass
    vals = [b.decode("utf-8") if isinstance(b, bytes) else str(b) for b in reader.column_reader(name, translate=False)]
    if not vals:
        return np.zeros(0, dtype=np.int32), []
    uniq, codes = np.unique(np.array(vals, dtype=object).astype(str), return_inverse=True)
    return codes.astype(np.int32), [str(u) for u in uniq]


def _load_segment(reader: Any) -> _SegData:
    return _SegData(
        qid=_int_column(reader, "qid"),
        created=_int_column(reader, "created"),
        flen=_int_column(reader, "flen"),
        alen=_int_column(reader, "alen"),
        dept=_int_column(reader, "department_id"),
        facets={f: _str_column(reader, f) for f in (*_STRING_FACETS, "visibility")},
    )


def _read_postings(reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, frequency) of a term in one segment."""
    empty = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
    try:
        m = reader.postings(fieldname, text)
    except Exception:  # TermNotFound: the term is not in this segment
        return empty
    ids: list[Any] = []
    weights: list[Any] = []
    try:
        # Fast path for Whoosh 3 codec matchers: take each block's arrays whole.
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.append(np.asarray(m._ids, dtype=np.int32))
            weights.append(np.asarray(m._weights, dtype=np.float32))
            m._next_block()
    except AttributeError:
        m = reader.postings(fieldname, text)
        pairs = [(d, m.weight()) for d in _iter_ids(m)]
        ids = [np.array([p[0] for p in pairs], dtype=np.int32)]
        weights = [np.array([p[1] for p in pairs], dtype=np.float32)]
    if not ids:
        return empty
    return np.concatenate(ids), np.concatenate(weights)


def _iter_ids(m: Any) -> Iterator[int]:
    while m.is_active():
        yield m.id()
        m.next()


# -- a consistent view of the index ------------------------------------------------------
class _Snapshot:
    """Global arrays over all segments of one index generation (deleted documents masked)."""

    def __init__(self, reader: Any, segcache: dict[str, _SegData]) -> None:
        self.reader = reader
        self.leaves: list[tuple[Any, int, _SegData]] = []
        live_parts, parts = [], []
        for seg_reader, offset in reader.leaf_readers():
            seg = seg_reader.segment()
            if seg is None:  # EmptyReader of a fresh index
                continue
            sid = seg.segment_id()
            data = segcache.get(sid)
            if data is None:
                data = segcache[sid] = _load_segment(seg_reader)
            self.leaves.append((seg_reader, offset, data))
            live = np.ones(seg_reader.doc_count_all(), dtype=bool)
            deleted = list(seg.deleted_docs()) if seg.has_deletions() else []
            if deleted:
                live[np.array(deleted, dtype=np.int64)] = False
            live_parts.append(live)
            parts.append(data)
        cat = np.concatenate
        self.n = sum(len(p) for p in live_parts)
        self.live = cat(live_parts) if live_parts else np.zeros(0, dtype=bool)
        self.qid = cat([p.qid for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.created = cat([p.created for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.flen = cat([p.flen for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.alen = cat([p.alen for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.dept = cat([p.dept for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.facets: dict[str, tuple[np.ndarray, list[str]]] = {}
        for name in (*_STRING_FACETS, "visibility"):
            values = sorted({v for p in parts for v in p.facets[name][1]})
            index_of = {v: i for i, v in enumerate(values)}
            codes = []
            for p in parts:
                seg_codes, seg_vocab = p.facets[name]
                # Segment-local codes -> codes into the merged, sorted vocabulary.
                remap = np.array([index_of[v] for v in seg_vocab], dtype=np.int32)
                codes.append(remap[seg_codes] if len(seg_vocab) else np.zeros(0, dtype=np.int32))
            self.facets[name] = (cat(codes) if codes else np.zeros(0, dtype=np.int32), values)
        # Live documents, newest first (created desc, id desc): the order of "newest" and the
        # order in which the relevance cap picks its candidates.
        live_docs = np.flatnonzero(self.live)
        self.newest = live_docs[np.lexsort((-self.qid[live_docs], -self.created[live_docs]))]

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        docs, tfs = [], []
        for seg_reader, offset, data in self.leaves:
            key = (fieldname, text)
            hit = data.postings.get(key)
            if hit is None:
                hit = _read_postings(seg_reader, fieldname, text)
                data.postings[key] = hit
                data.postings_bytes += hit[0].nbytes + hit[1].nbytes
                # Bounded by bytes, not entries: a common word's postings are 100x a rare one's.
                while data.postings_bytes > POSTINGS_CACHE_BYTES and len(data.postings) > 1:
                    _, (d, w) = data.postings.popitem(last=False)
                    data.postings_bytes -= d.nbytes + w.nbytes
            else:
                data.postings.move_to_end(key)
            if len(hit[0]):
                docs.append(hit[0].astype(np.int64) + offset)
                tfs.append(hit[1])
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return np.concatenate(docs), np.concatenate(tfs)

    def texts(self, name: str, docs: np.ndarray) -> Iterator[tuple[bytes, np.ndarray, np.ndarray, np.ndarray]]:
        """For global docnums ``docs`` (ascending): per segment (buffer, starts, ends, positions in docs)."""
        if not len(docs):
            return
        offsets = np.array([off for _, off, _ in self.leaves], dtype=np.int64)
        which = np.searchsorted(offsets, docs, side="right") - 1
        for i, (seg_reader, offset, data) in enumerate(self.leaves):
            at = np.flatnonzero(which == i)
            if not len(at):
                continue
            t = data.texts.get(name)
            if t is None:
                t = data.texts[name] = _bytes_column(seg_reader, name)
            local = docs[at] - offset
            yield t.buf, t.start[local], t.end[local], at

    def expand(self, fieldname: str, prefix: str) -> list[str]:
        terms: set[str] = set()
        for seg_reader, _, _ in self.leaves:
            for t in seg_reader.expand_prefix(fieldname, prefix):
                terms.add(t.decode("utf-8") if isinstance(t, bytes) else t)
                if len(terms) >= MAX_PREFIX_EXPANSION:
                    return sorted(terms)
        return sorted(terms)

    def mask(self, fieldname: str, text: str) -> np.ndarray:
        m = np.zeros(self.n, dtype=bool)
        m[self.postings(fieldname, text)[0]] = True
        return m

    def codes_in(self, name: str, values: Iterable[str]) -> np.ndarray:
        codes, vocab = self.facets[name]
        wanted_values = set(values)
        wanted = [i for i, v in enumerate(vocab) if v in wanted_values]
        return np.isin(codes, wanted)


class _Timeout(Exception):
    pass


class WhooshIndex:
    """The embedded default backend: one directory, many readers, one writer at a time."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock_path = self.dir / LOCK_FILE
        # Separate locks: a long commit must not stall searches (readers see the last commit).
        self._write_thread_lock = threading.Lock()
        self._thread_lock = threading.RLock()  # guards the snapshot and Whoosh file handles
        with self._write_lock():
            if index.exists_in(str(self.dir)):
                self._ix = index.open_dir(str(self.dir))
                _check_layout(self._ix.schema, self.dir)
            else:
                self._ix = index.create_in(str(self.dir), _schema())
        self._segcache: dict[str, _SegData] = {}
        self._snap: _Snapshot | None = None
        self._gen = -2

    # -- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """A process-wide and cross-process lock: Whoosh's own lock fails fast instead of
        waiting, and two writers racing must never corrupt the directory."""
        with self._write_thread_lock, open(self._lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _writer(self) -> Any:
        delay = 0.05
        for _ in range(100):
            try:
                return self._ix.writer(procs=1, multisegment=False, limitmb=256)
            except LockError:  # a writer not using our lock file (an older process): wait
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        raise LockError("the Whoosh index stayed locked")

    def add(self, docs: Iterable[SearchDoc]) -> None:
        batch: dict[int, SearchDoc] = {}
        for doc in docs:
            batch[doc.id] = doc  # last one wins: Whoosh cannot update a doc added in the same batch
            if len(batch) >= BATCH:
                self._commit_batch(batch)
                batch = {}
        if batch:
            self._commit_batch(batch)

    def _commit_batch(self, batch: dict[int, SearchDoc]) -> None:
        prepared = [_prepare(d) for d in batch.values()]  # analyse outside the lock
        with self._write_lock():
            w = self._writer()
            try:
                bw = _BatchWriter(w)
                for p in prepared:
                    bw.add(p, update=True)
            except BaseException:
                w.cancel()
                raise
            w.commit()

    def remove(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        with self._write_lock():
            w = self._writer()
            try:
                for i in ids:
                    w.delete_by_term("id", str(i))
            except BaseException:
                w.cancel()
                raise
            w.commit()

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None, *, procs: int = 1) -> None:
        """Replace everything in one commit: searchers see the old index until it lands.

        With ``procs`` > 1 documents are analysed in that many worker processes while this one
        writes (the writer itself is one segment, one process)."""
        pool = multiprocessing.get_context("fork").Pool(procs) if procs > 1 else None  # forked before any lock is taken
        try:
            prepared = pool.imap(_prepare, docs, chunksize=250) if pool is not None else map(_prepare, docs)
            with self._write_lock():
                w = self._writer()
                try:
                    bw = _BatchWriter(w)
                    seen: set[int] = set()
                    for n, p in enumerate(prepared, 1):
                        qid = p[0]["qid"]
                        bw.add(p, update=qid in seen)
                        seen.add(qid)
                        if progress is not None and n % 1000 == 0:
                            progress(n)
                    if progress is not None:
                        progress(len(seen))
                except BaseException:
                    w.cancel()
                    raise
                w.commit(mergetype=CLEAR)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()

    def clear(self) -> None:
        with self._write_lock():
            w = self._writer()
            w.commit(mergetype=CLEAR)

    def optimize(self) -> None:
        with self._write_lock():
            self._ix.optimize()

    def count(self) -> int:
        return int(self._snapshot().live.sum())

    def close(self) -> None:
        with self._thread_lock:
            if self._snap is not None:
                self._snap.reader.close()
            self._snap = None
            self._ix.close()

    # -- reading -------------------------------------------------------------------------
    def _snapshot(self) -> _Snapshot:
        with self._thread_lock:
            gen = self._ix.latest_generation()
            if self._snap is None or gen != self._gen:
                reader = self._ix.reader()
                old = self._snap
                self._snap = _Snapshot(reader, self._segcache)
                self._gen = gen
                live_ids = {seg.segment_id() for r, _ in reader.leaf_readers() if (seg := r.segment()) is not None}
                for sid in list(self._segcache):
                    if sid not in live_ids:
                        del self._segcache[sid]
                if old is not None:
                    old.reader.close()
            return self._snap

    def search(self, query: SearchQuery) -> SearchResult:
        start = time.monotonic()
        deadline = start + query.time_limit_s if query.time_limit_s is not None else None
        per_page = max(1, min(int(query.per_page), 100))
        page = max(1, int(query.page))

        def check() -> None:
            if deadline is not None and time.monotonic() > deadline:
                raise _Timeout

        ast = parse(query.text)
        filters = validate_filters(query.filters)
        with self._thread_lock:
            snap = self._snapshot()
            try:
                check()
                visible = self._visible(snap, query, filters)
                check()
                matched = self._eval(snap, ast, visible, check) if ast is not None else None
                check()
            except _Timeout:
                return SearchResult([], 0, {}, {}, page, per_page, timed_out=True)
            final = visible if matched is None else visible & matched
            total = int(final.sum())
            facets = self._facets(snap, final, query.facets)
            timed_out = False
            ordered = snap.newest[final[snap.newest]]
            terms = positive_terms(ast)
            offset = (page - 1) * per_page
            if query.sort != "newest" and terms and offset < RANK_CAP:
                try:
                    check()
                    cand = ordered[:RANK_CAP]
                    scores = self._score(snap, cand, terms, check)
                    ranked = cand[np.lexsort((-snap.qid[cand], -snap.created[cand], -scores))]
                    ordered = np.concatenate([ranked, ordered[RANK_CAP:]])
                except _Timeout:
                    timed_out = True  # fall back to newest-first order, still only visible hits
            page_docs = ordered[offset : offset + per_page]
            ids = [int(snap.qid[d]) for d in page_docs]
            snippets = {
                int(snap.qid[d]): snippet(snap.reader.stored_fields(int(d)).get("body", ""), terms) for d in page_docs
            }
        if deadline is not None and time.monotonic() > deadline:
            timed_out = True
        return SearchResult(ids, total, facets, snippets, page, per_page, timed_out=timed_out)

    def _visible(self, snap: _Snapshot, query: SearchQuery, filters: dict[str, list[str | int]]) -> np.ndarray:
        a = query.access
        own_st, other_st = a.statuses_for(filters)
        status_own = snap.codes_in("status", own_st)
        status_other = snap.codes_in("status", other_st)
        vis_codes, vis_vocab = snap.facets["visibility"]
        vis = np.array([_VIS_CODES.get(v, -1) for v in vis_vocab], dtype=np.int8)[vis_codes] if vis_vocab else np.zeros(0, dtype=np.int8)
        reserved = vis == 3
        in_own = snap.dept == a.department_id
        own = in_own & status_own & ~reserved
        shared = (vis == 1) & np.isin(snap.dept, list(a.consortium_department_ids)) & status_other
        public = (vis == 2) & status_other
        # Reserved exam pools: the department's own (its board and admin) and partners' shared ones.
        pools = a.reserved_department_ids
        pool = np.zeros(snap.n, dtype=bool)
        if pools:
            partners = [d for d in pools if d != a.department_id]
            mine = in_own & status_own if a.department_id in pools else pool
            theirs = np.isin(snap.dept, partners) & status_other if partners else pool
            pool = reserved & (mine | theirs)
        visible = snap.live & (own | shared | public | pool)
        for name, values in filters.items():
            if name == "department_id":  # a numeric column, not a coded facet
                visible &= np.isin(snap.dept, [int(v) for v in values])
            else:
                visible &= snap.codes_in(name, [str(v) for v in values])
        return visible

    def _eval(self, snap: _Snapshot, node: Node, within: np.ndarray, check: Any) -> np.ndarray:
        """The documents matching ``node``; exact on ``within`` (the visible documents), which is
        all the caller keeps, so phrases are checked on visible candidates only."""
        if isinstance(node, Term):
            if not node.prefix:
                return snap.mask(FOLD, node.folded)
            m = np.zeros(snap.n, dtype=bool)
            for t in snap.expand(FOLD, node.folded):
                m[snap.postings(FOLD, t)[0]] = True
            return m
        if isinstance(node, Phrase):
            return self._phrase(snap, node, within, check)
        if isinstance(node, Not):
            return ~self._eval(snap, node.child, within, check)
        if isinstance(node, And):
            m = np.ones(snap.n, dtype=bool)
            for c in node.children:
                m &= self._eval(snap, c, within & m, check)
            return m
        if isinstance(node, Or):
            m = np.zeros(snap.n, dtype=bool)
            for c in node.children:
                m |= self._eval(snap, c, within & ~m, check)
            return m
        raise TypeError(node)

    def _phrase(self, snap: _Snapshot, node: Phrase, within: np.ndarray, check: Any) -> np.ndarray:
        """Documents with every word, then those whose text has each adjacent pair: the same
        matches as the PostgreSQL backend's AND of bigram lexemes."""
        w = node.folded
        m = within.copy()
        for t in dict.fromkeys(w):
            m &= snap.mask(FOLD, t)
        pairs = [f" {a} {b} ".encode() for a, b in dict.fromkeys(zip(w, w[1:], strict=False))]
        docs = np.flatnonzero(m)
        ok = np.zeros(len(docs), dtype=bool)
        for buf, starts, ends, at in snap.texts("ftext", docs):
            find = buf.find
            keep = np.ones(len(at), dtype=bool)
            for p in pairs:  # each pair narrows the candidates the next one is looked for in
                idx = np.flatnonzero(keep)
                for lo in range(0, len(idx), 16384):
                    part = idx[lo : lo + 16384]
                    keep[part] = [find(p, s, e) >= 0 for s, e in zip(starts[part].tolist(), ends[part].tolist(), strict=True)]
                    check()
            ok[at] = keep
        out = np.zeros(snap.n, dtype=bool)
        out[docs[ok]] = True
        return out

    def _facets(self, snap: _Snapshot, final: np.ndarray, names: Iterable[str]) -> dict[str, dict[str | int, int]]:
        out: dict[str, dict[str | int, int]] = {}
        for name in names:
            if name not in FACETS:
                continue
            if name == "department_id":
                depts, counts = np.unique(snap.dept[final], return_counts=True)
                out[name] = {int(d): int(c) for d, c in zip(depts, counts, strict=True)}
                continue
            codes, vocab = snap.facets[name]
            counts = np.bincount(codes[final], minlength=len(vocab))
            out[name] = {
                (int(v) if name in INT_FACETS else v): int(c) for v, c in zip(vocab, counts, strict=True) if c and v != ""
            }
        return out

    def _score(self, snap: _Snapshot, cand: np.ndarray, terms: list[Term], check: Any) -> np.ndarray:
        folded, accented = rank_items(terms)
        score = self._score_field(snap, cand, FOLD, folded, snap.flen)
        check()
        if accented:
            score = score + self._score_accented(snap, cand, accented)
        return quantize(score)

    def _score_accented(self, snap: _Snapshot, cand: np.ndarray, items: list[Term]) -> np.ndarray:
        """The exact-spelling part of the rank, from the candidates' words with diacritics: the
        same number ts_rank gives on the PostgreSQL backend's accented vector."""
        total = np.zeros(len(cand), dtype=np.float64)
        if not len(cand):
            return total
        order = np.argsort(cand, kind="stable")  # texts() walks ascending docnums
        cap = len(G) - 1
        plain = [f" {t.text} ".encode() for t in items if not t.prefix]
        prefixes = [t.text.encode() for t in items if t.prefix]
        for buf, starts, ends, at in snap.texts("atext", cand[order]):
            count = buf.count
            for i, s, e in zip(order[at].tolist(), starts.tolist(), ends.tolist(), strict=True):
                if s == e:
                    continue
                v = 0.0
                for p in plain:
                    tf = count(p, s, e)
                    if tf:
                        v += G[min(tf, cap)]
                if prefixes:
                    tfs = Counter(buf[s:e].split())
                    v += sum(G[min(tf, cap)] for word, tf in tfs.items() for p in prefixes if word.startswith(p))
                total[i] = v
        total /= len(items)
        norm = length_norm(snap.alen[cand])
        # ts_rank leaves an empty vector's rank at 0 rather than divide by log2(1) = 0.
        return np.divide(total, norm, out=np.zeros_like(total), where=norm > 0)

    def _score_field(self, snap: _Snapshot, cand: np.ndarray, fieldname: str, items: list[Term], lengths: np.ndarray) -> np.ndarray:
        """ts_rank's number for ``items`` from the postings of ``fieldname`` (the folded words)."""
        total = np.zeros(len(cand), dtype=np.float64)
        if not items or not len(cand):
            return total
        for item in items:
            texts = snap.expand(fieldname, item.text) if item.prefix else [item.text]
            for text in texts:
                docs, tfs = snap.postings(fieldname, text)
                if not len(docs):
                    continue
                # Global docnums are ascending: segments are concatenated in offset order.
                pos = np.searchsorted(docs, cand)
                pos[pos >= len(docs)] = 0
                hit = docs[pos] == cand
                tf = np.where(hit, tfs[pos], 0).astype(np.int64)
                total += G[np.minimum(tf, len(G) - 1)]
        total /= len(items)
        return total / length_norm(lengths[cand])
