"""Search: keeping the index in step with the bank (queue, drain, rebuild) and searching as an actor.

The database is the truth. Every change that affects search writes an ``index_queue`` row in
the same transaction; after the commit the indexer applies the queued changes and only then
deletes the rows. A crash in between leaves the rows queued, and the next start drains them.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text

from qbank.db.models import (
    CURRENT_VERSION,
    Department,
    IndexQueue,
    QuestionRow,
    QuestionVersion,
    utcnow,
)
from qbank.domain.actor import Actor
from qbank.domain.enums import Status
from qbank.domain.question import Question
from qbank.domain.render import to_text
from qbank.services.questions import QuestionView, get_questions
from qbank.services.uow import UnitOfWork
from search_index.base import FACETS, Access, SearchDoc, SearchIndex, SearchQuery, SearchResult, validate_filters

log = logging.getLogger(__name__)

BATCH = 500
_ADVISORY_KEY = 0x51_42_41_4E_4B  # "QBANK": the index-queue lock, shared by every node
MAX_QUERY_CHARS = 200
QUERY_TIME_LIMIT_S = 2.0


# -- building documents ----------------------------------------------------------------------
def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def build_docs(session: Any, question_ids: Iterable[int] | None = None) -> Iterator[SearchDoc]:
    """Search documents for the given questions (all when None), in batches from the database."""
    ids = None if question_ids is None else sorted(set(question_ids))
    last = 0
    while True:
        q = (
            select(QuestionRow, QuestionVersion.data)
            .join(QuestionVersion, CURRENT_VERSION)
            .where(QuestionRow.id > last)
            .order_by(QuestionRow.id)
            .limit(BATCH)
        )
        if ids is not None:
            chunk = [i for i in ids if i > last][:BATCH]
            if not chunk:
                return
            q = q.where(QuestionRow.id.in_(chunk))
        rows = session.execute(q).all()
        if not rows:
            return
        for row, data in rows:
            yield doc_for(row, Question.from_json(data))
        last = rows[-1][0].id


def doc_for(row: QuestionRow, q: Question) -> SearchDoc:
    options = " ".join(f"{o.label}. {to_text(o.content)}" for o in q.options)
    parts = " ".join(f"{s.label}) {to_text(s.content)}" for s in q.subparts)
    extra = " ".join(filter(None, [to_text(q.solution) if q.solution else "", *(to_text(g.content) for g in q.guide)]))
    return SearchDoc(
        id=row.id,
        stem=" ".join(filter(None, [to_text(q.stem), parts])),
        options=options,
        extra=extra,
        subject=row.subject,
        grade=row.grade,
        topic=row.topic,
        level=row.level,
        type=row.type,
        department_id=row.department_id,
        school_year=row.school_year,
        status=row.status,
        visibility=row.visibility,
        created_at=_aware(row.created_at) or utcnow(),
    )


# -- the indexer ----------------------------------------------------------------------------
class Indexer:
    """Applies the index queue to the search backend; safe to call from several threads and processes."""

    def __init__(self, session_factory: Any, backend: SearchIndex, lock_file: Path | None = None):
        self.session_factory = session_factory
        self.backend = backend
        self._lock = threading.Lock()
        self._lock_file = lock_file
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stop = False

    @contextlib.contextmanager
    def _exclusive(self, session: Any) -> Iterator[None]:
        """One drain or rebuild at a time across threads, processes and nodes, so documents are
        never written out of order: a PostgreSQL advisory lock (held to the end of the
        transaction) on a shared database, a file lock next to a SQLite file."""
        with self._lock:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
                yield
            elif self._lock_file is not None:
                self._lock_file.parent.mkdir(parents=True, exist_ok=True)
                with open(self._lock_file, "a+") as fh:
                    fcntl.flock(fh, fcntl.LOCK_EX)
                    try:
                        yield
                    finally:
                        fcntl.flock(fh, fcntl.LOCK_UN)
            else:
                yield

    def drain(self) -> int:
        """Apply every queued change; returns how many questions were updated."""
        done = 0
        while True:
            with self.session_factory() as session, self._exclusive(session):
                queued = session.execute(select(IndexQueue.id, IndexQueue.question_id).order_by(IndexQueue.id).limit(BATCH)).all()
                if not queued:
                    session.commit()
                    return done
                qids = {qid for _, qid in queued}
                docs, broken = self._docs(session, qids)
                if docs:
                    self.backend.add(docs)
                # Deleted questions, and any that could not be turned into a document, leave the
                # index: better missing from search for a while than shown stale or unfiltered.
                gone = qids - {d.id for d in docs}
                if gone:
                    self.backend.remove(gone)
                for qid, exc in broken:
                    log.error("question %s could not be indexed (%s); it is out of search until edited or reindexed", qid, exc)
                # Only now that the index has committed may the queue rows go.
                session.execute(delete(IndexQueue).where(IndexQueue.id.in_([i for i, _ in queued])))
                session.commit()
                done += len(qids)

    @staticmethod
    def _docs(session: Any, qids: set[int]) -> tuple[list[SearchDoc], list[tuple[int, Exception]]]:
        try:
            return list(build_docs(session, qids)), []
        except Exception:  # noqa: BLE001 - find the one bad question instead of blocking the queue
            docs, broken = [], []
            for qid in sorted(qids):
                try:
                    docs += list(build_docs(session, [qid]))
                except Exception as exc:  # noqa: BLE001
                    broken.append((qid, exc))
            return docs, broken

    def drain_soon(self) -> None:
        """Ask the background thread to drain (web requests do not wait for the index)."""
        if self._stop:  # closed: a late commit must not start a thread on a closed index
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="qbank-indexer", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(5.0)  # also wakes now and then to catch work queued by other nodes
            self._wake.clear()
            if self._stop:  # close() wakes the thread to end it, not to drain once more
                return
            try:
                self.drain()
            except Exception:  # noqa: BLE001 - the queue keeps the work; log and try again later
                if self._stop:  # closing meanwhile: the database or index may already be gone
                    return
                log.exception("search indexing failed; the changes stay queued")

    def pending(self) -> int:
        with self.session_factory() as session:
            return session.scalar(select(func.count()).select_from(IndexQueue)) or 0

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild the whole index from the database; returns the number of documents."""
        with self.session_factory() as session, self._exclusive(session):
            total = session.scalar(select(func.count()).select_from(QuestionRow)) or 0
            mark = session.scalar(select(func.max(IndexQueue.id)))
            self.backend.rebuild(build_docs(session), progress)
            if mark is not None:  # changes queued before the rebuild started are now in the index
                session.execute(delete(IndexQueue).where(IndexQueue.id <= mark))
                session.commit()
        return total

    def close(self) -> None:
        """Stop the background thread (waiting for a drain in progress), then close the backend."""
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.backend.close()


def make_backend(runtime: Any) -> SearchIndex:
    settings = runtime.settings
    if settings.search_backend == "postgres":
        if settings.is_sqlite:
            raise ValueError("QBANK_SEARCH_BACKEND=postgres needs QBANK_DATABASE_URL to be a PostgreSQL database")
        from search_index.postgres_backend import PostgresIndex

        return PostgresIndex(runtime.engine)
    from search_index.whoosh_backend import WhooshIndex

    return WhooshIndex(settings.search_dir)


def make_indexer(runtime: Any) -> Indexer:
    return Indexer(runtime.session_factory, make_backend(runtime), lock_file=runtime.settings.data_dir / "index-queue.lock")


# -- searching ------------------------------------------------------------------------------
@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[QuestionView] = field(default_factory=list)
    snippets: dict[int, str] = field(default_factory=dict)
    facets: dict[str, dict[str | int, int]] = field(default_factory=dict)
    timed_out: bool = False
    capped: bool = False  # the index stopped counting: total and facet counts are lower bounds ("1,000+")

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def ids(self) -> list[int]:
        return [h.id for h in self.hits]


def access_for(uow: UnitOfWork, actor: Actor) -> Access:
    """The index's view of an actor. The command-line operator sees everything that is shared
    (consortium and public, drafts included) across every department, reserved pools too."""
    if actor.is_system:
        all_depts = frozenset(uow.session.scalars(select(Department.id)))
        return Access(
            department_id=0,
            consortium_department_ids=all_depts,
            own_statuses=frozenset({Status.APPROVED.value, Status.DRAFT.value}),
            other_statuses=frozenset({Status.APPROVED.value, Status.DRAFT.value}),
            reserved_department_ids=all_depts - {0},
            now=utcnow(),
        )
    return Access.for_user(actor.role, actor.department_id, actor.peer_department_ids,
                           reserved_department_ids=actor.reserved_department_ids, now=utcnow())


def search_questions(
    uow: UnitOfWork,
    actor: Actor,
    text: str,
    *,
    filters: dict[str, list[str | int]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: tuple[str, ...] = FACETS,
) -> SearchPage:
    """Search as ``actor``: hits, totals, facets and snippets only ever cover what they may see."""
    text = (text or "")[:MAX_QUERY_CHARS]
    page = max(1, min(int(page), 1000))
    per_page = max(1, min(int(per_page), 100))
    query = SearchQuery(
        text=text,
        access=access_for(uow, actor),
        filters=validate_filters(filters or {}),
        sort=sort if sort in ("relevance", "newest") else "relevance",
        page=page,
        per_page=per_page,
        facets=tuple(f for f in facets if f in FACETS),
        time_limit_s=QUERY_TIME_LIMIT_S,
    )
    result: SearchResult = uow.indexer.backend.search(query)
    # The index applies the rules; the database applies them again on the page it loads, so a
    # stale index can hide a question for a moment but never show one it should not.
    hits = get_questions(uow, actor, result.ids)
    shown = {h.id for h in hits}
    return SearchPage(
        query=text,
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        hits=hits,
        snippets={k: v for k, v in result.snippets.items() if k in shown},
        facets=result.facets,
        timed_out=result.timed_out,
        capped=result.capped,
    )


def department_names(uow: UnitOfWork) -> dict[int, str]:
    return dict(uow.session.execute(select(Department.id, Department.name)).all())

