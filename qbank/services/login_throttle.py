"""Per-username login back-off over the ``login_attempts`` table (works across processes and nodes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from qbank.db.models import LoginAttempt, utcnow
from qbank.services.uow import UnitOfWork

FREE_ATTEMPTS = 5  # failures allowed before any wait
WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
MAX_WAIT = timedelta(minutes=15)


def login_wait(uow: UnitOfWork, username: str, now: datetime | None = None) -> int:
    """Seconds the user must wait before the next try: 0 until five recent failures, then
    doubling from 2 s per further failure, capped at 15 minutes."""
    now = now or utcnow()
    failures, last = uow.session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == _key(username), LoginAttempt.at > now - WINDOW
        )
    ).one()
    if failures < FREE_ATTEMPTS or last is None:
        return 0
    if last.tzinfo is None:  # SQLite returns naive datetimes
        last = last.replace(tzinfo=now.tzinfo)
    wait = min(timedelta(seconds=2 ** (failures - FREE_ATTEMPTS + 1)), MAX_WAIT)
    remaining = (last + wait - now).total_seconds()
    return max(0, int(remaining + 0.999))


def record_failed_login(uow: UnitOfWork, username: str, ip: str | None) -> None:
    uow.session.add(LoginAttempt(username=_key(username), ip=(ip or "")[:64] or None))
    uow.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - 2 * WINDOW))
    uow.commit()


def clear_failed_logins(uow: UnitOfWork, username: str) -> None:
    uow.session.execute(delete(LoginAttempt).where(LoginAttempt.username == _key(username)))
    uow.commit()


def _key(username: str) -> str:
    return (username or "").strip().casefold()[:100]
