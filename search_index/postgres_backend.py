"""PostgreSQL full-text backend: one table of tsvectors, GIN-indexed, for many app nodes.

Documents are analysed in Python (search_index.text) and stored as tsvector literals, and queries
are tsquery literals built from the same AST, so both backends see exactly the same terms:
folding (đ→d included) happens in Python, hence no ``unaccent`` extension or text search
configuration is needed (nor the privileges to create one). Phrases are ANDs of bigram lexemes
("_phuong_trinh"), so no position recheck is needed. Relevance is ts_rank(..., 1) on the newest
RANK_CAP matches only; ranking every match was the measured cost.
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
    FACETS,
    RANK_CAP,
    Progress,
    SearchDoc,
    SearchQuery,
    SearchResult,
    validate_filters,
)
from search_index.query_parser import And, Node, Not, Or, Phrase, Term, parse, positive_terms
from search_index.ranking import rank_items
from search_index.snippets import snippet
from search_index.text import Analysed, analyse, bigram
from search_index.timeutil import as_utc

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,50}$")
BODY_CHARS = 5000
_COLUMNS = (
    "id", "tsv_fold", "tsv_acc", "body", "subject", "grade", "topic", "level", "type", "department_id",
    "school_year", "status", "visibility", "embargo_until", "embargo_departments", "created_at",
)  # fmt: skip


def ddl_statements(table: str = "search_docs") -> list[str]:
    """Idempotent DDL for the search table (the migration owner may run these as they are)."""
    t = _check_ident(table)
    short = t.split(".")[-1]
    return [
        f"""CREATE TABLE IF NOT EXISTS {t} (
            id bigint PRIMARY KEY,
            tsv_fold tsvector NOT NULL,          -- folded words with positions + bigram lexemes
            tsv_acc tsvector NOT NULL,           -- accented words, for ranking exact spellings first
            body text NOT NULL DEFAULT '',       -- stem, options, extra: snippets of the page only
            subject text, grade integer, topic text, level text, type text,
            department_id bigint NOT NULL,
            school_year text,
            status text NOT NULL,
            visibility text NOT NULL,
            embargo_until timestamptz,
            embargo_departments bigint[] NOT NULL DEFAULT '{{}}',
            created_at timestamptz NOT NULL
        )""",
        f"CREATE INDEX IF NOT EXISTS {short}_fold_gin ON {t} USING gin (tsv_fold)",
        f"CREATE INDEX IF NOT EXISTS {short}_newest ON {t} (created_at DESC, id DESC)",
        f"CREATE INDEX IF NOT EXISTS {short}_dept ON {t} (department_id)",
    ]


def ensure_schema(conn: Connection | psycopg.Connection[Any], table: str = "search_docs") -> None:
    """Create the search table and its indexes if missing; safe to run from several nodes."""
    lock = f"SELECT pg_advisory_xact_lock(hashtext('qbank-search-ddl:{_check_ident(table)}'))"
    for stmt in [lock, *ddl_statements(table)]:
        if isinstance(conn, Connection):
            conn.execute(text(stmt))
        else:
            conn.execute(stmt.encode())


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


def _none_if_blank(v: str | None) -> str | None:
    return v if v else None  # "" and None are the same missing facet in both backends


def _row(doc: SearchDoc) -> tuple[Any, ...]:
    a = analyse(doc.stem, doc.options, doc.extra)
    return (
        doc.id,
        tsvector_folded(a),
        tsvector_accented(a),
        "\n".join(p for p in (doc.stem, doc.options, doc.extra) if p)[:BODY_CHARS],
        _none_if_blank(doc.subject),
        doc.grade,
        _none_if_blank(doc.topic),
        _none_if_blank(doc.level),
        _none_if_blank(doc.type),
        doc.department_id,
        _none_if_blank(doc.school_year),
        doc.status,
        doc.visibility,
        as_utc(doc.embargo_until) if doc.embargo_until else None,
        sorted(doc.embargo_departments),
        as_utc(doc.created_at),
    )


class PostgresIndex:
    """Search over a ``search_docs`` table; creates it on first use (idempotent DDL)."""

    def __init__(self, db: Engine | str, table: str = "search_docs", *, create: bool = True) -> None:
        if isinstance(db, str):
            url = db if "+psycopg" in db else db.replace("postgresql://", "postgresql+psycopg://", 1)
            db = create_engine(url, pool_pre_ping=True)
            self._owns_engine = True
        else:
            self._owns_engine = False
        self.engine: Engine = db
        self.table = _check_ident(table)
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
        rows = list({d.id: _row(d) for d in docs}.values())
        if not rows:
            return
        cols = ", ".join(_COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[1:])
        sql = f"INSERT INTO {self.table} ({cols}) VALUES ({', '.join(['%s'] * len(_COLUMNS))}) ON CONFLICT (id) DO UPDATE SET {updates}"
        self._execute_write(lambda cur: cur.executemany(sql.encode(), rows))

    def remove(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if ids:
            self._execute_write(lambda cur: cur.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s::bigint[])".encode(), (ids,)))

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> None:
        """Replace every row in one transaction: readers keep seeing the old rows until commit."""

        def work(cur: psycopg.Cursor[Any]) -> None:
            cur.execute(f"DELETE FROM {self.table}".encode())
            seen: dict[int, tuple[Any, ...]] = {}
            for n, d in enumerate(docs, 1):
                seen[d.id] = _row(d)
                if progress is not None and n % 1000 == 0:
                    progress(n)
            with cur.copy(f"COPY {self.table} ({', '.join(_COLUMNS)}) FROM STDIN".encode()) as copy:
                for row in seen.values():
                    copy.write_row(row)
            if progress is not None:
                progress(len(seen))

        self._execute_write(work)
        self._execute_write(lambda cur: cur.execute(f"ANALYZE {self.table}".encode()))

    def clear(self) -> None:
        self._execute_write(lambda cur: cur.execute(f"DELETE FROM {self.table}".encode()))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {self.table}")).scalar_one())

    def drop(self) -> None:
        """Drop the table (tests and benchmarks)."""
        with self.engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {self.table}"))

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
            "now": as_utc(a.now),
        }
        clauses = [
            "((department_id = %(dept)s AND status = ANY(%(own_st)s::text[]))"
            " OR (visibility = 'consortium' AND department_id = ANY(%(cons)s::bigint[]) AND status = ANY(%(other_st)s::text[]))"
            " OR (visibility = 'public' AND status = ANY(%(other_st)s::text[])))",
            # Confidential exams: hidden from everyone but the exam boards of their departments.
            "(embargo_until IS NULL OR embargo_until <= %(now)s"
            + (" OR %(dept)s = ANY(embargo_departments))" if a.is_exam_board else ")"),
        ]
        if ast is not None:
            clauses.append("tsv_fold @@ %(q)s::tsquery")
            params["q"] = tsquery(ast)
        for i, (name, values) in enumerate(filters.items()):
            cast = "integer[]" if name == "grade" else "bigint[]" if name == "department_id" else "text[]"
            clauses.append(f"{name} = ANY(%(f{i})s::{cast})")
            params[f"f{i}"] = list(values)
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
                total, facets = self._count_and_facets(cur, where, params, facet_names)
                rows: list[tuple[int, str]] = []
                if query.sort != "newest" and terms and offset < RANK_CAP:
                    folded, accented = rank_items(terms)
                    rank = "ts_rank(d.tsv_fold, %(rf)s::tsquery, 1)"
                    params["rf"] = _rank_query(folded)
                    if accented:
                        rank += " + ts_rank(d.tsv_acc, %(ra)s::tsquery, 1)"
                        params["ra"] = _rank_query(accented)
                    params.update(cap=RANK_CAP, off=offset, lim=per_page)
                    remaining_ms()  # the statement timeout set above bounds each statement
                    cur.execute(
                        f"""WITH cand AS MATERIALIZED (
                                SELECT id, created_at FROM {t} WHERE {where}
                                ORDER BY created_at DESC, id DESC LIMIT %(cap)s)
                            SELECT c.id, d.body FROM cand c JOIN {t} d ON d.id = c.id
                            ORDER BY {rank} DESC, c.created_at DESC, c.id DESC
                            OFFSET %(off)s LIMIT %(lim)s""".encode(),
                        params,
                    )
                    rows = cur.fetchall()
                    # Past the ranked cap the list continues newest first.
                    if len(rows) < per_page and total > RANK_CAP:
                        rows += self._newest(cur, where, params, max(offset, RANK_CAP), per_page - len(rows), remaining_ms)
                else:
                    rows = self._newest(cur, where, params, offset, per_page, remaining_ms)
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
        return SearchResult(ids, total, facets, snippets, page, per_page)

    def _newest(self, cur: Any, where: str, params: dict[str, Any], offset: int, limit: int, remaining_ms: Any) -> list[tuple[int, str]]:
        remaining_ms()
        p = {**params, "off2": offset, "lim2": limit}
        cur.execute(
            f"SELECT id, body FROM {self.table} WHERE {where} ORDER BY created_at DESC, id DESC OFFSET %(off2)s LIMIT %(lim2)s".encode(),
            p,
        )
        return cur.fetchall()

    def _count_and_facets(
        self, cur: Any, where: str, params: dict[str, Any], names: Sequence[str]
    ) -> tuple[int, dict[str, dict[str | int, int]]]:
        """Total and facet counts in one scan of the visible, filtered matches."""
        if not names:
            cur.execute(f"SELECT count(*) FROM {self.table} WHERE {where}".encode(), params)
            return int(cur.fetchone()[0]), {}
        cols = ", ".join(names)
        sets = ", ".join(f"({n})" for n in names)
        cur.execute(
            f"SELECT {cols}, GROUPING({cols}), count(*) FROM {self.table} WHERE {where} GROUP BY GROUPING SETS ({sets}, ())".encode(),
            params,
        )
        k = len(names)
        everything = (1 << k) - 1
        total = 0
        facets: dict[str, dict[str | int, int]] = {n: {} for n in names}
        for row in cur.fetchall():
            g, n = row[k], int(row[k + 1])
            if g == everything:
                total = n
                continue
            i = next(i for i in range(k) if not g & (1 << (k - 1 - i)))
            if row[i] is not None:
                facets[names[i]][row[i]] = n
        return total, facets
