"""Small helpers every web view uses: the runtime, the acting user, times and numbers from forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import current_user

from qbank.domain.actor import Actor
from qbank.domain.clock import format_local, from_local, zone_label
from qbank.http.context import runtime  # the views take it from here, with actor()


def actor() -> Actor:
    """The logged-in user's Actor (views are behind ``login_required``)."""
    return current_user.actor


def local_time(value: datetime | None) -> str:
    """The one template filter for times (``|dt``): stored UTC shown in the instance's zone, named."""
    return format_local(value, runtime().settings.zone)


def current_zone_label() -> str:
    """"Asia/Ho_Chi_Minh, UTC+07:00": what a form's time fields are read in."""
    zone = runtime().settings.zone
    return f"{runtime().settings.timezone}, {zone_label(datetime.now(zone))}"


def form_datetime(value: str | None) -> datetime | None:
    """A ``datetime-local`` field, typed in the instance's zone, as the UTC time to store."""
    if not value:
        return None
    try:
        return from_local(datetime.fromisoformat(value), runtime().settings.zone)
    except ValueError:
        return None


def form_int(value: Any) -> int | None:
    """An int from a form field, or None; never beyond a database INTEGER (ids, counts, grades)."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if -(2**31) < n < 2**31 else None


def form_float(value: Any) -> float | None:
    try:
        return float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None
