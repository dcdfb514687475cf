"""Times: stored in UTC, read and shown in the user's zone (Asia/Ho_Chi_Minh unless configured)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from qbank.domain.errors import ValidationError

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"


def get_zone(name: str | None) -> tzinfo:
    """The IANA zone ``name`` (the default when empty); a ValidationError names a wrong one."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("unknown time zone %(name)r (an IANA name such as %(DEFAULT_ZONE)s)", where="QBANK_TIMEZONE", name=name, DEFAULT_ZONE=DEFAULT_ZONE) from exc


def as_utc(dt: datetime) -> datetime:
    """An aware UTC datetime; naive ones (SQLite hands those back) are UTC already."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def to_local(dt: datetime, zone: tzinfo) -> datetime:
    return as_utc(dt).astimezone(zone)


def from_local(dt: datetime, zone: tzinfo) -> datetime:
    """A time the user typed: naive means their zone; the result is UTC, as stored."""
    return as_utc(dt.replace(tzinfo=zone) if dt.tzinfo is None else dt)


def zone_label(dt: datetime) -> str:
    """"UTC+07:00" for an aware local time (zone abbreviations like "+07" or "ICT" vary by system)."""
    offset = dt.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_local(dt: datetime | None, zone: tzinfo, *, with_zone: bool = True) -> str:
    """"26/06/2026 07:30 (UTC+07:00)": day first as Vietnam writes it, with the zone named."""
    if dt is None:
        return ""
    local = to_local(dt, zone)
    text = local.strftime("%d/%m/%Y %H:%M")
    return f"{text} ({zone_label(local)})" if with_zone else text
