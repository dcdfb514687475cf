"""A ``limits`` storage in QBank's own database, so every worker process and node counts together.

``RATELIMIT_STORAGE_URI = "qbank-db://"`` selects it (``qbank serve`` with several workers does
so when no shared storage such as Redis is configured). It supports the fixed-window strategy,
Flask-Limiter's default: one upsert per counted request, atomic in SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from qbank.db.models import RateLimitCounter

_UPSERT = text(
    "INSERT INTO rate_limit_counters (key, count, expires_at) VALUES (:key, :amount, :expires) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit_counters.expires_at <= :now THEN :amount ELSE rate_limit_counters.count + :amount END, "
    "expires_at = CASE WHEN rate_limit_counters.expires_at <= :now THEN :expires ELSE rate_limit_counters.expires_at END "
    "RETURNING count"
)


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counters`` table (``storage_options={"engine": ...}``)."""

    STORAGE_SCHEME = ["qbank-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        engine = options.get("engine")
        if not isinstance(engine, Engine):
            raise ValueError("qbank-db:// needs storage_options={'engine': <the QBank database engine>}")
        self.engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self.engine.begin() as conn:
            count = conn.execute(_UPSERT, {"key": key[:255], "amount": amount, "expires": now + expiry, "now": now}).scalar_one()
            if count == amount:  # a new window: an occasional sweep keeps the table small
                conn.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at < now - 3600))
        return int(count)

    def get(self, key: str) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(RateLimitCounter.count).where(RateLimitCounter.key == key[:255], RateLimitCounter.expires_at > time.time())
            ).first()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as conn:
            expires = conn.execute(select(RateLimitCounter.expires_at).where(RateLimitCounter.key == key[:255])).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.engine.begin() as conn:
            return conn.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key[:255]))
