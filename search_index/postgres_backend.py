"""PostgreSQL full-text backend: one table of tsvectors, GIN-indexed, for many app nodes.

Documents are analysed in Python (search_index.text) and stored as tsvector literals, and queries
are tsquery literals built from the same AST, so both backends see exactly the same terms:
folding (đ→d included) happens in Python, hence no ``unaccent`` extension or text search
configuration is needed (nor the privileges to create one). Phrases are ANDs of bigram lexemes
("_phuong_trinh"), so no position recheck is needed. Relevance is ts_rank(..., 1) on the newest
RANK_CAP matches only; ranking every match was the measured cost.

Work per query is bounded whatever the number of matches: at most COUNT_CAP + 1 visible matches
are read, first in any order (a GIN bitmap that stops at the limit), and when there are more, the
newest COUNT_CAP + 1 of them, from a window of the newest rows sized by how far into the table
the first read had to go (a bitmap AND of the GIN and ``created_at`` indexes, so only matches
inside it are visited); once a window holds more than COUNT_CAP matches they are the newest
overall, else a larger one is tried, up to 60% of the table, then one sorted bitmap. Page,
total and facets come from those rows; past COUNT_CAP the total and facet counts are lower bounds
(``capped``, "1,000+").
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

from search_index.base import (
    COUNT_CAP,
    FACETS,
    RANK_CAP,
    Progress,
    SearchDoc,
    SearchQuery,
    SearchResult,
    validate_filters,
)
from search_index.query_parser import And, Node, Not, Or, Phrase, Term, parse, positive_terms
from search_index.ranking import SCORE_DECIMALS, rank_items
from search_index.snippets import snippet
from search_index.text import Analysed, analyse, bigram
from search_index.timeutil import as_utc

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")
BODY_CHARS = 5000
_COLUMNS = (
    "id", "tsv_fold", "tsv_acc", "acl", "subject", "grade", "topic", "level", "type", "department_id",
    "school_year", "status", "visibility", "created_at",
)  # fmt: skip
_TEXT_COLUMNS = ("id", "body")
_FACET_TYPES = {"grade": "integer", "department_id": "bigint"}
WINDOW_ROWS = 16_384  # the smallest recency window (rows); larger ones are sized from the density seen
WINDOW_TTL_S = 60.0  # how long a window's start is reused (a stale one only makes the window larger)
WINDOW_MAX_SHARE = 0.6  # a window over more of the table than this saves little: the whole table then
WINDOW_MARGIN = 1.5  # windows are sized for 1.5x the matches needed, so one is usually enough


def _window_size(rows: int) -> int:
    """Rounded up to a power of two, so a few window starts serve every query."""
    return 1 << max(0, rows - 1).bit_length()


# Facet values as lexemes ('s:Toán', 'g:12'), indexed by an expression GIN index: a filter is
# then a bitmap from the index, not a check on the heap of every match of the words (with a
# subject and a grade filter, a common word read 18x more rows than it kept: 1.2 s at 1M).
_FACET_PREFIX = {"subject": "s", "grade": "g", "topic": "t", "level": "l", "type": "y", "department_id": "d",
                 "school_year": "sy", "status": "st"}  # fmt: skip
FACET_VECTOR = (
    "array_to_tsvector(array_remove(ARRAY["
    + ", ".join(f"'{p}:' || {n}{'::text' if n in ('grade', 'department_id') else ''}" for n, p in _FACET_PREFIX.items())
    + "], NULL))"
)


def ddl_statements(table: str = "search_docs") -> list[str]:
    """Idempotent DDL for the search tables (the migration owner may run these as they are).

    The text shown in snippets lives in ``<table>_text``, read for the page only: the rows a
    query visits stay narrower (heap visits were the main cost at 100k questions). The accented
    vector stays in the main table: fetching it from the side table for 1000 ranking candidates
    measured 20% slower than the wider heap. ``acl`` holds access lexemes indexed with the words,
    so the GIN scan drops other departments' rows before any heap visit.
    """
    t = _check_ident(table)
    short = t.split(".")[-1]
    return [
        f"""CREATE TABLE IF NOT EXISTS {t} (
            id bigint PRIMARY KEY,
            tsv_fold tsvector NOT NULL,          -- folded words with positions + bigram lexemes
            tsv_acc tsvector NOT NULL,           -- words with diacritics: exact spellings rank first
            acl tsvector NOT NULL,               -- 'd12' (+ 'c12' if consortium, 'p' if public), 'r12' if reserved
            subject text, grade integer, topic text, level text, type text,
            department_id bigint NOT NULL,
            school_year text,
            status text NOT NULL,
            visibility text NOT NULL,
            created_at timestamptz NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS {t}_text (
            id bigint PRIMARY KEY,
            body text NOT NULL DEFAULT ''        -- stem, options, extra: snippets of the page only
        )""",
        # A small pending list: GIN scans it linearly on every query until it is merged, and a
        # full default one (4 MB) after a bulk load made the median query 2x slower.
        f"CREATE INDEX IF NOT EXISTS {short}_match ON {t} USING gin (tsv_fold, acl) WITH (gin_pending_list_limit = 256)",
        f"CREATE INDEX IF NOT EXISTS {short}_newest ON {t} (created_at DESC, id DESC)",
        f"CREATE INDEX IF NOT EXISTS {short}_facets ON {t} USING gin (({FACET_VECTOR}))",
    ]


def ensure_schema(conn: Connection | psycopg.Connection[Any], table: str = "search_docs") -> None:
    """Create the search tables and their indexes if missing; safe to run from several nodes.

    Raises RuntimeError when the table exists with an older layout (CREATE TABLE IF NOT EXISTS
    would keep it as it is): the index is derived data, drop it and rebuild."""

    def run(sql: str, params: dict[str, Any] | None = None) -> Any:
        if isinstance(conn, Connection):
            return conn.execute(text(sql), params or {})
        return conn.execute(sql.encode(), params)

    run(f"SELECT pg_advisory_xact_lock(hashtext('qbank-search-ddl:{_check_ident(table)}'))")
    statements = ddl_statements(table)
    tables = [s for s in statements if s.startswith("CREATE TABLE")]
    for stmt in tables:
        run(stmt)
    have = {
        r[0]
        for r in run(
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(%(t)s AS regclass) AND attnum > 0 AND NOT attisdropped"
            if not isinstance(conn, Connection)
            else "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped",
            {"t": table},
        ).fetchall()
    }
    missing = set(_COLUMNS) - have
    if missing:
        raise RuntimeError(
            f"search table {table} has an older layout (no {', '.join(sorted(missing))}): drop "
            f"{table} and {table}_text, then rebuild the index (qbank reindex)"
        )
    for stmt in statements:
        if stmt not in tables:
            run(stmt)


def _check_ident(name: str) -> str:
    parts = name.split(".")
    if len(parts) > 2 or not all(_IDENT.match(p) for p in parts):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


# -- literals ----------------------------------------------------------------------------
def _lex(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_folded(a: Analysed) -> str:
    parts = [f"{_lex(w)}:{','.join(map(str, p))}" for w, p in a.folded_positions.items()]
    parts += [_lex(b) for b in sorted(a.bigrams)]
    return " ".join(parts)


def tsvector_accented(a: Analysed) -> str:
    return " ".join(f"{_lex(w)}:{','.join(map(str, p))}" for w, p in a.accented_positions.items())


def tsquery(node: Node) -> str:
    """The AST as a tsquery literal over the folded vector."""
    if isinstance(node, Term):
        return _lex(node.folded) + (":*" if node.prefix else "")
    if isinstance(node, Phrase):
        w = node.folded
        return "(" + " & ".join(_lex(bigram(a, b)) for a, b in zip(w, w[1:], strict=False)) + ")"
    if isinstance(node, Not):
        return "!" + tsquery(node.child)
    if isinstance(node, And):
        return "(" + " & ".join(tsquery(c) for c in node.children) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(tsquery(c) for c in node.children) + ")"
    raise TypeError(node)


def _rank_query(items: list[Term]) -> str:
    return " | ".join(_lex(t.text) + (":*" if t.prefix else "") for t in items)


def _none_if_blank(v: object) -> str | None:
    # "" and None are the same missing facet in both backends; str() turns StrEnums into values.
    return str(v) if v is not None and str(v) != "" else None


def acl_vector(doc: SearchDoc) -> str:
    """'d<dept>', plus 'c<dept>' when shared with the consortium or 'p' when public; a reserved
    question has 'r<dept>' only, so no one outside its pool's readers even scans it."""
    if doc.visibility == "reserved":
        return _lex(f"r{doc.department_id}")
    lexemes = [f"d{doc.department_id}"]
    if doc.visibility == "consortium":
        lexemes.append(f"c{doc.department_id}")
    elif doc.visibility == "public":
        lexemes.append("p")
    return " ".join(_lex(x) for x in lexemes)


def _rows(doc: SearchDoc) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    a = analyse(doc.stem, doc.options, doc.extra)
    main = (
        doc.id,
        tsvector_folded(a),
        tsvector_accented(a),
        acl_vector(doc),
        _none_if_blank(doc.subject),
        doc.grade,
        _none_if_blank(doc.topic),
        _none_if_blank(doc.level),
        _none_if_blank(doc.type),
        doc.department_id,
        _none_if_blank(doc.school_year),
        str(doc.status),
        str(doc.visibility),
        as_utc(doc.created_at),
    )
    body = "\n".join(p for p in (doc.stem, doc.options, doc.extra) if p)[:BODY_CHARS]
    return main, (doc.id, body)


def acl_query(department_id: int, consortium: Iterable[int], reserved: Iterable[int] = ()) -> str:
    """Which rows may be visible at all, as a tsquery over ``acl``. It lets the GIN scan drop
    other departments' rows before any heap visit (measured 18 ms -> 6.5 ms at 100k); statuses
    are checked on the heap by the SQL predicate, which repeats the whole rule."""
    lexemes = [f"d{department_id}", *(f"c{d}" for d in sorted(set(consortium))), "p", *(f"r{d}" for d in sorted(set(reserved)))]
    return " | ".join(_lex(x) for x in lexemes)


class PostgresIndex:
    """Search over a ``search_docs`` table; creates it on first use (idempotent DDL)."""

    def __init__(self, db: Engine | str, table: str = "search_docs", *, create: bool = True, window_rows: int = WINDOW_ROWS) -> None:
        if isinstance(db, str):
            url = db if "+psycopg" in db else db.replace("postgresql://", "postgresql+psycopg://", 1)
            db = create_engine(url, pool_pre_ping=True)
            self._owns_engine = True
        else:
            self._owns_engine = False
        self.engine: Engine = db
        self.table = _check_ident(table)
        self.text_table = f"{self.table}_text"
        self._window_starts: dict[int, tuple[float, Any]] = {}  # rows -> (when read, created_at); 0 -> table size
        self.window_rows = window_rows
        if create:
            with self.engine.begin() as conn:
                ensure_schema(conn, self.table)

    # -- connection helpers --------------------------------------------------------------
    def _raw(self) -> Any:
        return self.engine.raw_connection()

    def _execute_write(self, fn: Any) -> None:
        conn = self._raw()
        try:
            pg: psycopg.Connection[Any] = conn.driver_connection
            with pg.cursor() as cur:
                fn(cur)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    # -- writing -------------------------------------------------------------------------
    def add(self, docs: Iterable[SearchDoc]) -> None:
        pairs = list({d.id: _rows(d) for d in docs}.values())
        if not pairs:
            return

        def upsert(table: str, cols: tuple[str, ...]) -> bytes:
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols[1:])
            marks = ", ".join(["%s"] * len(cols))
            return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}".encode()

        def work(cur: psycopg.Cursor[Any]) -> None:
            cur.executemany(upsert(self.table, _COLUMNS), [m for m, _ in pairs])
            cur.executemany(upsert(self.text_table, _TEXT_COLUMNS), [t for _, t in pairs])

        self._execute_write(work)

    def remove(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if not ids:
            return

        def work(cur: psycopg.Cursor[Any]) -> None:
            for table in (self.table, self.text_table):
                cur.execute(f"DELETE FROM {table} WHERE id = ANY(%s::bigint[])".encode(), (ids,))

        self._execute_write(work)

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> None:
        """Replace every row in one transaction: readers keep seeing the old rows until commit."""

        def work(cur: psycopg.Cursor[Any]) -> None:
            for table in (self.table, self.text_table):
                cur.execute(f"DELETE FROM {table}".encode())
            seen: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
            for n, d in enumerate(docs, 1):
                seen[d.id] = _rows(d)
                if progress is not None and n % 1000 == 0:
                    progress(n)
            with cur.copy(f"COPY {self.table} ({', '.join(_COLUMNS)}) FROM STDIN".encode()) as copy:
                for main, _ in seen.values():
                    copy.write_row(main)
            with cur.copy(f"COPY {self.text_table} ({', '.join(_TEXT_COLUMNS)}) FROM STDIN".encode()) as copy:
                for _, txt in seen.values():
                    copy.write_row(txt)
            if progress is not None:
                progress(len(seen))

        self._execute_write(work)
        self.vacuum()

    def bulk_load(self, docs: Iterable[SearchDoc], *, procs: int = 1, progress: Progress | None = None) -> None:
        """Fill an empty table fast (first build, benchmarks): documents analysed in ``procs``
        processes, COPY without indexes, then the indexes built once (a GIN index built whole is
        many times faster than one maintained row by row). Takes an exclusive lock meanwhile:
        ``rebuild`` is the one that keeps serving queries."""
        import multiprocessing as mp

        statements = ddl_statements(self.table)
        indexes = [s for s in statements if s.startswith("CREATE INDEX")]
        short = self.table.split(".")[-1]

        def work(cur: psycopg.Cursor[Any]) -> None:
            if cur.execute(f"SELECT EXISTS (SELECT 1 FROM {self.table})".encode()).fetchone()[0]:  # type: ignore[index]
                raise RuntimeError(f"{self.table} is not empty: use rebuild()")
            cur.execute(f"DROP INDEX IF EXISTS {short}_match, {short}_newest, {short}_facets".encode())
            ctx = mp.get_context("fork")
            with ctx.Pool(procs) as pool, \
                    cur.copy(f"COPY {self.table} ({', '.join(_COLUMNS)}) FROM STDIN".encode()) as copy:  # fmt: skip
                texts: list[tuple[Any, ...]] = []
                for n, (main, txt) in enumerate(pool.imap(_rows, docs, chunksize=500), 1):
                    copy.write_row(main)
                    texts.append(txt)
                    if progress is not None and n % 10000 == 0:
                        progress(n)
            with cur.copy(f"COPY {self.text_table} ({', '.join(_TEXT_COLUMNS)}) FROM STDIN".encode()) as copy:
                for txt in texts:
                    copy.write_row(txt)
            cur.execute(b"SET LOCAL maintenance_work_mem = '512MB'")
            for stmt in indexes:
                cur.execute(stmt.encode())

        self._execute_write(work)
        self.vacuum()

    def vacuum(self) -> None:
        """VACUUM ANALYZE both tables: drops the deleted rows' index entries (which every query
        would otherwise visit), merges GIN's pending list, refreshes planner statistics."""
        conn = self._raw()
        try:
            pg: psycopg.Connection[Any] = conn.driver_connection
            pg.rollback()
            pg.autocommit = True  # VACUUM cannot run inside a transaction
            try:
                pg.execute(f"VACUUM (ANALYZE) {self.table}, {self.text_table}".encode())
            finally:
                pg.autocommit = False
        finally:
            conn.close()

    def clear(self) -> None:
        self._execute_write(lambda cur: cur.execute(f"DELETE FROM {self.table}; DELETE FROM {self.text_table}".encode()))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {self.table}")).scalar_one())

    def drop(self) -> None:
        """Drop the table (tests and benchmarks)."""
        with self.engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {self.table}, {self.text_table}"))

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    # -- reading -------------------------------------------------------------------------
    def _where(self, query: SearchQuery, ast: Node | None, filters: dict[str, list[str | int]]) -> tuple[str, dict[str, Any]]:
        a = query.access
        own_st, other_st = a.statuses_for(filters)
        params: dict[str, Any] = {
            "dept": a.department_id,
            "own_st": sorted(own_st),
            "other_st": sorted(other_st),
            "cons": sorted(a.consortium_department_ids),
        }
        params["acl"] = acl_query(a.department_id, a.consortium_department_ids, a.reserved_department_ids)
        pools = a.reserved_department_ids
        params["own_pool"] = a.department_id in pools
        params["partner_pools"] = sorted(d for d in pools if d != a.department_id)
        clauses = [
            "acl @@ %(acl)s::tsquery",
            "((department_id = %(dept)s AND visibility <> 'reserved' AND status = ANY(%(own_st)s::text[]))"
            " OR (visibility = 'consortium' AND department_id = ANY(%(cons)s::bigint[]) AND status = ANY(%(other_st)s::text[]))"
            " OR (visibility = 'public' AND status = ANY(%(other_st)s::text[]))"
            # Reserved exam pools: the department's own (board and admin) and partners' shared ones.
            " OR (visibility = 'reserved' AND ((%(own_pool)s AND department_id = %(dept)s AND status = ANY(%(own_st)s::text[]))"
            " OR (department_id = ANY(%(partner_pools)s::bigint[]) AND status = ANY(%(other_st)s::text[])))))",
        ]
        if ast is not None:
            clauses.append("tsv_fold @@ %(q)s::tsquery")
            params["q"] = tsquery(ast)
        for i, (name, values) in enumerate(filters.items()):
            cast = "integer[]" if name == "grade" else "bigint[]" if name == "department_id" else "text[]"
            clauses.append(f"{name} = ANY(%(f{i})s::{cast})")
            params[f"f{i}"] = list(values)
        if filters and all(filters.values()):  # an empty value list already matches nothing
            # The same filters again, as a query the facet index answers (the rows it finds are
            # exactly those the clauses above keep).
            clauses.append(f"{FACET_VECTOR} @@ %(fq)s::tsquery")
            params["fq"] = " & ".join(
                "(" + " | ".join(_lex(f"{_FACET_PREFIX[name]}:{v}") for v in values) + ")" for name, values in filters.items()
            )
        return " AND ".join(clauses), params

    def search(self, query: SearchQuery) -> SearchResult:
        start = time.monotonic()
        per_page = max(1, min(int(query.per_page), 100))
        page = max(1, int(query.page))
        offset = (page - 1) * per_page
        ast = parse(query.text)
        filters = validate_filters(query.filters)
        where, params = self._where(query, ast, filters)
        terms = positive_terms(ast)
        facet_names = [f for f in dict.fromkeys(query.facets) if f in FACETS]
        t = self.table

        def remaining_ms() -> int:
            if query.time_limit_s is None:
                return 0  # statement_timeout 0 = no limit
            left = query.time_limit_s - (time.monotonic() - start)
            if left <= 0:
                raise TimeoutError
            return max(1, int(left * 1000))

        conn = self._raw()
        pg: psycopg.Connection[Any] = conn.driver_connection
        try:
            with pg.cursor() as cur:
                # Custom plans always: psycopg prepares repeated statements, and PostgreSQL's
                # generic plan cannot see how selective a tsquery parameter is (measured 3x slower).
                cur.execute(
                    b"SELECT set_config('statement_timeout', %s, true), set_config('plan_cache_mode', 'force_custom_plan', true)",
                    (str(remaining_ms()),),
                )
                params.update(cap=RANK_CAP, off=offset, lim=per_page, mcap=COUNT_CAP + 1, mcap0=COUNT_CAP)
                if query.sort != "newest" and terms and offset < RANK_CAP:
                    folded, accented = rank_items(terms)
                    rank = "ts_rank(d.tsv_fold, %(rf)s::tsquery, 1)"
                    params["rf"] = _rank_query(folded)
                    if accented:
                        rank += " + ts_rank(d.tsv_acc, %(ra)s::tsquery, 1)"
                        params["ra"] = _rank_query(accented)
                    # Relevance on the newest RANK_CAP matches only; ranking them all was the cost.
                    # The candidates' rows are fetched back by ctid (a TID scan, same snapshot),
                    # cheaper than a primary-key lookup each.
                    page_cte = f"""cand AS MATERIALIZED (
                            SELECT id, tid, created_at FROM mp ORDER BY created_at DESC, id DESC LIMIT %(cap)s),
                        sel AS MATERIALIZED (
                            SELECT c.id, c.created_at, round(({rank})::float8::numeric, {SCORE_DECIMALS}) AS r
                            FROM cand c JOIN {t} d ON d.ctid = c.tid
                            ORDER BY r DESC, c.created_at DESC, c.id DESC OFFSET %(off)s LIMIT %(lim)s)"""
                    order = "k.r DESC, k.created_at DESC, k.id DESC"
                    ranked = True
                else:
                    page_cte = """sel AS MATERIALIZED (
                            SELECT id, created_at FROM mp ORDER BY created_at DESC, id DESC OFFSET %(off)s LIMIT %(lim)s)"""
                    order = "k.created_at DESC, k.id DESC"
                    ranked = False
                rows, total, facets = self._matches(cur, where, params, facet_names, page_cte, order, remaining_ms)
                capped = total > COUNT_CAP
                # Past the ranked cap, or past the rows read for counting, the list continues newest first.
                if len(rows) < per_page and ranked and total > RANK_CAP:
                    rows += self._newest(cur, where, params, max(offset, RANK_CAP), per_page - len(rows), remaining_ms)
                elif len(rows) < per_page and not ranked and capped:
                    rows += self._newest(cur, where, params, offset + len(rows), per_page - len(rows), remaining_ms)
                total = min(total, COUNT_CAP)
            conn.commit()
        except (TimeoutError, psycopg.errors.QueryCanceled):
            conn.rollback()
            return SearchResult([], 0, {}, {}, page, per_page, timed_out=True)
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        ids = [int(r[0]) for r in rows]
        snippets = {int(r[0]): snippet(r[1], terms) for r in rows}
        return SearchResult(ids, total, facets, snippets, page, per_page, capped=capped)

    def _matches(
        self, cur: Any, where: str, params: dict[str, Any], names: Sequence[str], page_cte: str, order: str, remaining_ms: Any
    ) -> tuple[list[tuple[int, str]], int, dict[str, dict[str | int, int]]]:
        """Page, total and facets from the newest COUNT_CAP + 1 matches (all of them when fewer).

        First the matches in any order, stopping at COUNT_CAP + 1 (a GIN bitmap read in table
        order): a rarer word is done there. For more, how far into the table that read had to go
        gives the density of matches, and so the size of a window of the newest rows expected to
        hold more than COUNT_CAP of them. A window is a bitmap AND of the GIN and ``created_at``
        indexes (bitmap scans only, so it costs its matches, never a walk over its rows); once
        one holds more than COUNT_CAP matches, they are the newest overall, as every match
        outside is older than every row inside. Otherwise the next window is sized from the
        density it showed, up to WINDOW_MAX_SHARE of the table; past that, one sorted bitmap."""
        found, total, facets, last_page = self._page_and_facets(cur, where, params, names, page_cte, order, newest=False)
        if total <= COUNT_CAP:
            return found, total, facets
        size, pages = self._size(cur)
        share = (last_page + 1) / pages if pages and last_page is not None else 1.0
        rows = _window_size(max(self.window_rows, int(WINDOW_MARGIN * min(1.0, share) * size)))
        while rows < size * WINDOW_MAX_SHARE:
            remaining_ms()
            since = self._window_start(cur, rows)
            if since is None:
                break
            cur.execute(b"SELECT set_config('enable_indexscan', 'off', true)")
            found, total, facets, _ = self._page_and_facets(
                cur, f"{where} AND created_at >= %(since)s", {**params, "since": since}, names, page_cte, order, newest=True
            )
            cur.execute(b"SELECT set_config('enable_indexscan', 'on', true)")
            if total > COUNT_CAP:
                return found, total, facets
            rows = _window_size(max(rows * 2, int(rows * WINDOW_MARGIN * (COUNT_CAP + 1) / max(total, 1))))
        remaining_ms()
        cur.execute(b"SELECT set_config('enable_indexscan', 'off', true)")  # all matches, sorted: no walk
        found, total, facets, _ = self._page_and_facets(cur, where, params, names, page_cte, order, newest=True)
        cur.execute(b"SELECT set_config('enable_indexscan', 'on', true)")
        return found, total, facets

    def _size(self, cur: Any) -> tuple[float, float]:
        """The planner's (rows, pages) estimate for the table, reused for WINDOW_TTL_S like the window starts."""
        hit = self._window_starts.get(0)
        if hit is None or time.monotonic() - hit[0] > WINDOW_TTL_S:
            n = cur.execute(b"SELECT reltuples, relpages FROM pg_class WHERE oid = %s::regclass", (self.table,)).fetchone()
            est = (max(0.0, float(n[0])), max(0.0, float(n[1]))) if n else (0.0, 0.0)
            hit = self._window_starts[0] = (time.monotonic(), est)
        return hit[1]

    def _window_start(self, cur: Any, rows: int) -> Any:
        """created_at of the newest ``rows``-th row, read from the index when first needed and
        reused for WINDOW_TTL_S; None when the table is smaller."""
        hit = self._window_starts.get(rows)
        if hit is None or time.monotonic() - hit[0] > WINDOW_TTL_S:
            got = cur.execute(
                f"SELECT created_at FROM {self.table} ORDER BY created_at DESC, id DESC OFFSET %s LIMIT 1".encode(), (rows,)
            ).fetchone()
            if got is None:
                return None
            hit = self._window_starts[rows] = (time.monotonic(), got[0])
        return hit[1]

    def _newest(self, cur: Any, where: str, params: dict[str, Any], offset: int, limit: int, remaining_ms: Any) -> list[tuple[int, str]]:
        remaining_ms()
        p = {**params, "off2": offset, "lim2": limit}
        cur.execute(
            f"""WITH page AS MATERIALIZED (
                    SELECT id, created_at FROM {self.table} WHERE {where}
                    ORDER BY created_at DESC, id DESC OFFSET %(off2)s LIMIT %(lim2)s)
                SELECT p.id, b.body FROM page p JOIN {self.text_table} b ON b.id = p.id
                ORDER BY p.created_at DESC, p.id DESC""".encode(),
            p,
        )
        return cur.fetchall()

    def _page_and_facets(
        self, cur: Any, where: str, params: dict[str, Any], names: Sequence[str], page_cte: str, order: str, *, newest: bool
    ) -> tuple[list[tuple[int, str]], int, dict[str, dict[str | int, int]], int | None]:
        """The page, the total and the facet counts from the newest COUNT_CAP + 1 visible, filtered
        matches (``m``), read once: never every match (that grew with the number of matches).
        Also the last table page those rows came from (how far an unordered read went)."""
        k = len(names)
        last = "max((tid::text::point)[0])"  # a row's page number, from its ctid
        typed_nulls = ", ".join(f"NULL::{_FACET_TYPES.get(n, 'text')}" for n in names)
        if names:
            cols = ", ".join(names)
            sets = ", ".join(f"({n})" for n in names)
            counts = f"SELECT 1, NULL::bigint, NULL::bigint, NULL::text, {cols}, GROUPING({cols}), count(*), {last} FROM m GROUP BY GROUPING SETS ({sets}, ())"
            page_cols = f"{typed_nulls}, NULL::integer, NULL::bigint, NULL::float8"
        else:
            counts = f"SELECT 1, NULL::bigint, NULL::bigint, NULL::text, 0, count(*), {last} FROM m"
            page_cols = "NULL::integer, NULL::bigint, NULL::float8"
        m_cols = ", ".join(["id", "ctid AS tid", "created_at", *names])
        # Unordered, the rows read are the page's only when there are at most COUNT_CAP of them:
        # otherwise the caller reads the newest ones next, so ranking these would be wasted.
        page_rows = "SELECT * FROM m" if newest else "SELECT * FROM m WHERE (SELECT count(*) FROM m) <= %(mcap0)s"
        cur.execute(
            f"""WITH m AS MATERIALIZED (
                    SELECT {m_cols} FROM {self.table} WHERE {where}{" ORDER BY created_at DESC, id DESC" if newest else ""} LIMIT %(mcap)s),
                mp AS ({page_rows}),
                {page_cte}
                SELECT 0, row_number() OVER (ORDER BY {order}), k.id, b.body, {page_cols}
                FROM sel k JOIN {self.text_table} b ON b.id = k.id
                UNION ALL {counts}""".encode(),
            params,
        )
        everything = (1 << k) - 1
        page: list[tuple[int, int, str]] = []
        total = 0
        last_page: int | None = None
        facets: dict[str, dict[str | int, int]] = {n: {} for n in names}
        for row in cur.fetchall():
            if row[0] == 0:
                page.append((row[1], row[2], row[3]))
                continue
            values, g, n = row[4 : 4 + k], row[4 + k], int(row[5 + k])
            if g == everything:
                total = n
                last_page = None if row[6 + k] is None else int(row[6 + k])
                continue
            i = next(i for i in range(k) if not g & (1 << (k - 1 - i)))
            if values[i] is not None:
                facets[names[i]][values[i]] = n
        page.sort()
        return [(qid, body) for _, qid, body in page], total, facets, last_page
