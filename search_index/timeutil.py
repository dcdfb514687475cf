"""Datetimes as the indexes store them: aware UTC, naive values taken as UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def epoch_us(dt: datetime | None) -> int:
    """Microseconds since 1970 (0 for None): exact, so equal datetimes tie in both backends."""
    if dt is None:
        return 0
    delta = as_utc(dt) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
