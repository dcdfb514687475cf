"""Configuration: defaults, overridden by ``QBANK_*`` environment variables, then by explicit values."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields
from datetime import tzinfo
from pathlib import Path
from typing import Any

# Every setting, its environment variable (QBANK_<NAME>) and its default. The README's
# configuration table is written from this list; keep them in step.
DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "./instance",  # SQLite file, Whoosh index, LibreOffice profile, exports
    "DATABASE_URL": None,  # default: sqlite:///$DATA_DIR/qbank.sqlite3
    "SEARCH_BACKEND": "whoosh",  # whoosh | postgres
    "SECRET_KEY": None,  # default: a key made once and kept in $DATA_DIR/secret_key
    "MAX_UPLOAD_MB": 25,
    "EXPOSURE_WINDOW": 3,  # assembly skips questions used in the last N exams
    "LOGIN_RATE_LIMIT": "10 per minute",
    "SESSION_COOKIE_SECURE": False,  # set true behind HTTPS
    "LIBREOFFICE": "soffice",
    "TIMEZONE": "Asia/Ho_Chi_Minh",  # the zone every time is shown and typed in (stored as UTC)
    "QUEUE_URL": None,  # job queue: default sqlite:///$DATA_DIR/queue.sqlite3; redis://host:6379/0 for many nodes
    "QUEUE_NAME": "qbank",  # the queue's name (its key prefix in Redis)
    "WORKERS": 2,  # job worker processes `qbank serve` and `qbank worker` start
    "BULK_MAX_MB": 500,  # an archive's (or folder's) total size
    "BULK_MAX_FILES": 2000,  # files in one archive or folder
    "JOB_MAX_TRIES": 3,  # a file whose job keeps failing (or killing its worker) stops after this many tries
    "BATCH_WINDOW": 2,  # files of one batch in the queue at once, so other uploads are not stuck behind it
}


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    search_backend: str = "whoosh"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    max_upload_mb: int = 25
    exposure_window: int = 3
    login_rate_limit: str = "10 per minute"
    session_cookie_secure: bool = False
    libreoffice: str = "soffice"
    timezone: str = "Asia/Ho_Chi_Minh"
    queue_url: str | None = None
    queue_name: str = "qbank"
    workers: int = 2
    bulk_max_mb: int = 500
    bulk_max_files: int = 2000
    job_max_tries: int = 3
    batch_window: int = 2

    @property
    def zone(self) -> tzinfo:
        from qbank.domain.clock import get_zone

        return get_zone(self.timezone)

    @property
    def search_dir(self) -> Path:
        return self.data_dir / "search"

    @property
    def queue(self) -> str:
        """Where jobs wait: the configured URL, else a SQLite file beside the database."""
        return self.queue_url or f"sqlite:///{self.data_dir / 'queue.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _coerce(name: str, raw: Any) -> Any:
    default = DEFAULTS[name]
    if isinstance(raw, str) and isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(raw, str) and isinstance(default, int):
        return int(raw)
    return raw


def _instance_secret(data_dir: Path) -> str:
    """The instance's session-signing key, made once and kept (mode 0600) in the data directory, so
    sessions survive a restart and every worker sharing the directory signs alike. Many nodes
    without a shared directory must set QBANK_SECRET_KEY."""
    path = data_dir / "secret_key"
    for _ in range(3):
        try:
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
        except FileNotFoundError:
            pass
        except OSError:
            break
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago: read theirs
            continue
        except OSError:
            break
        key = secrets.token_hex(32)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
        return key
    return secrets.token_hex(32)  # a read-only data directory: a per-process key still works on one worker


def load_settings(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then ``QBANK_<NAME>`` from the environment, then ``overrides`` (upper-case keys)."""
    env = os.environ if environ is None else environ
    values = dict(DEFAULTS)
    for name in DEFAULTS:
        if f"QBANK_{name}" in env:
            values[name] = _coerce(name, env[f"QBANK_{name}"])
    for name, value in (overrides or {}).items():
        if name.upper() in DEFAULTS:
            values[name.upper()] = value
    data_dir = Path(values["DATA_DIR"]).expanduser().resolve()
    url = values["DATABASE_URL"] or f"sqlite:///{data_dir / 'qbank.sqlite3'}"
    kwargs = {f.name: values[f.name.upper()] for f in fields(Settings) if f.name.upper() in values}
    kwargs.update(data_dir=data_dir, database_url=url)
    if not kwargs.get("secret_key"):
        kwargs["secret_key"] = _instance_secret(data_dir)
    if kwargs["search_backend"] not in {"whoosh", "postgres"}:
        raise ValueError(f"QBANK_SEARCH_BACKEND must be 'whoosh' or 'postgres', not {kwargs['search_backend']!r}")
    settings = Settings(**kwargs)
    settings.zone  # noqa: B018 - a wrong QBANK_TIMEZONE fails at start, naming the setting
    return settings
