"""Times are stored in UTC and shown, or read from forms, in the configured zone with the zone named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qbank.config import load_settings
from qbank.domain.clock import format_local, from_local, get_zone
from qbank.domain.errors import ValidationError


def test_a_time_typed_in_vietnam_is_stored_in_utc_and_shown_back_as_typed() -> None:
    zone = get_zone("Asia/Ho_Chi_Minh")
    stored = from_local(datetime(2027, 6, 26, 7, 30), zone)
    assert stored == datetime(2027, 6, 26, 0, 30, tzinfo=UTC)
    assert format_local(stored, zone) == "26/06/2027 07:30 (UTC+07:00)"
    assert format_local(stored.replace(tzinfo=None), zone) == "26/06/2027 07:30 (UTC+07:00)"  # SQLite's naive UTC


def test_the_zone_comes_from_qbank_timezone(tmp_path) -> None:  # noqa: ANN001
    settings = load_settings({"DATA_DIR": str(tmp_path)}, environ={"QBANK_TIMEZONE": "Europe/Paris"})
    assert format_local(datetime(2027, 1, 1, 12, 0, tzinfo=UTC), settings.zone) == "01/01/2027 13:00 (UTC+01:00)"
    assert load_settings({"DATA_DIR": str(tmp_path)}, environ={}).timezone == "Asia/Ho_Chi_Minh"
    with pytest.raises(ValidationError, match="QBANK_TIMEZONE"):
        load_settings({"DATA_DIR": str(tmp_path)}, environ={"QBANK_TIMEZONE": "Mars/Olympus"})
