"""Unit of work: one session, one commit, then after-commit hooks (search indexing)."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from qbank.db.models import IndexQueue, utcnow


class UnitOfWork:
    """``with UnitOfWork(factory) as uow: ...; uow.commit()`` — leaving without commit rolls back.

    Search-index changes are queued as ``index_queue`` rows inside the same transaction, so
    the queue is exactly as durable as the change; hooks drain it after the commit.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        after_commit: list[Callable[[], None]] | None = None,
        indexer: Callable[[], Any] | None = None,
        settings: Any = None,
    ):
        self.settings = settings  # the instance's Settings (exposure window, …), None in library use
        self._factory = session_factory
        self._after_commit = list(after_commit or [])
        self._indexer = indexer
        self.session: Session
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        if self._committed:
            raise RuntimeError("a unit of work commits once")
        self.session.commit()
        self._committed = True
        for hook in self._after_commit:
            hook()

    @property
    def indexer(self) -> Any:
        """The search indexer of the running instance (``qbank.services.search.Indexer``)."""
        if self._indexer is None:
            raise RuntimeError("this unit of work has no search index")
        return self._indexer()

    def reindex(self, question_id: int, op: str = "upsert") -> None:
        self.reindex_many([question_id], op)

    def reindex_many(self, question_ids: list[int], op: str = "upsert") -> None:
        """Queue index updates in this transaction (one bulk INSERT however many)."""
        if question_ids:
            # Core on the table: the ORM's bulk path spends more per row than the INSERT does.
            self.session.execute(insert(IndexQueue.__table__), [{"question_id": qid, "op": op, "enqueued_at": utcnow()} for qid in question_ids])
