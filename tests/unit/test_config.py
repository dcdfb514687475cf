"""Configuration: defaults, environment, and the instance's kept session key."""

from __future__ import annotations


def test_the_session_key_is_made_once_and_kept_private(tmp_path) -> None:  # noqa: ANN001
    import stat

    from qbank.config import load_settings

    first = load_settings({"DATA_DIR": str(tmp_path)}, environ={}).secret_key
    assert load_settings({"DATA_DIR": str(tmp_path)}, environ={}).secret_key == first and len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert load_settings({"DATA_DIR": str(tmp_path)}, environ={"QBANK_SECRET_KEY": "from-env"}).secret_key == "from-env"


def test_environment_overrides_defaults_and_bad_backend_is_refused(tmp_path) -> None:  # noqa: ANN001
    import pytest

    from qbank.config import load_settings

    s = load_settings({"DATA_DIR": str(tmp_path)}, environ={"QBANK_MAX_UPLOAD_MB": "7", "QBANK_SESSION_COOKIE_SECURE": "true"})
    assert s.max_upload_mb == 7 and s.session_cookie_secure is True
    assert s.database_url == f"sqlite:///{tmp_path / 'qbank.sqlite3'}"
    with pytest.raises(ValueError, match="whoosh' or 'postgres"):
        load_settings({"DATA_DIR": str(tmp_path)}, environ={"QBANK_SEARCH_BACKEND": "elastic"})
