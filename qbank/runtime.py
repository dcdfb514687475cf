"""The running instance: settings, database engine, session factory, search index and hooks.

Shared by the web app, the API and the CLI so they all work on the same objects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from qbank.config import Settings, load_settings
from qbank.db.engine import make_engine, make_session_factory
from qbank.db.migrate import current_revision, head_revision, upgrade
from qbank.services.uow import UnitOfWork

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, settings: Settings | None = None, engine: Engine | None = None):
        self.settings = settings or load_settings()
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._owns_engine = engine is None  # a borrowed engine (tests share one) is left open
        self.engine = engine or make_engine(self.settings.database_url)
        self.session_factory = make_session_factory(self.engine)
        self.after_commit: list[Callable[[], None]] = []
        self._indexer: Any = None

    # -- schema ---------------------------------------------------------------------------
    def init_db(self) -> str | None:
        """Create or upgrade the schema (idempotent); returns the revision now current."""
        upgrade(self.engine)
        return current_revision(self.engine)

    @property
    def safe_database_url(self) -> str:
        """The database URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def schema_is_current(self) -> bool:
        return current_revision(self.engine) == head_revision(self.engine)

    # -- units of work ------------------------------------------------------------------
    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, after_commit=self.after_commit, indexer=lambda: self.indexer, settings=self.settings)

    # -- search -----------------------------------------------------------------------------
    @property
    def indexer(self) -> Any:
        """The search indexer, created on first use (``qbank.services.search``)."""
        if self._indexer is None:
            from qbank.services.search import make_indexer

            self._indexer = make_indexer(self)
        return self._indexer

    def enable_indexing(self, background: bool = False) -> None:
        """Apply the index queue after every commit (in a background thread for the web, so a
        request never waits for the index), and repair now anything a crash left queued."""
        indexer = self.indexer
        hook = indexer.drain_soon if background else indexer.drain
        if hook not in self.after_commit:
            self.after_commit.append(hook)
        indexer.drain()

    def dispose(self) -> None:
        """Stop the indexer (its thread, then the index), then close the engine if this runtime made it."""
        if self._indexer is not None and hasattr(self._indexer, "close"):
            self._indexer.close()
        self._indexer = None
        if self._owns_engine:
            self.engine.dispose()
