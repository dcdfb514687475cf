"""Test databases: a migrated SQLite template copied per test, or a private PostgreSQL schema."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from qbank.db.engine import make_engine  # noqa: F401 - re-exported for conftest
from qbank.db.migrate import upgrade
from qbank.db.models import Base

PG_URL_ENV = "QBANK_TEST_DATABASE_URL"


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


def postgres_unreachable_reason(url: str) -> str | None:
    """None when a server answers at ``url``; else why not, for the skip message."""
    try:
        eng = create_engine(url, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"no PostgreSQL server reachable at {make_url(url).render_as_string(hide_password=True)}: {type(exc).__name__}"


def schema_url(url: str, schema: str) -> str:
    """``url`` with every connection's search_path set to ``schema`` (created if missing), so
    code that builds its own engine from the URL (the CLI, a subprocess) lands there too."""
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def schema_engine(url: str, schema: str) -> Engine:
    return make_engine(schema_url(url, schema))


def drop_schema(url: str, schema: str) -> None:
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def unique_schema(prefix: str = "qbt") -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


class SqliteTemplate:
    """Migrate once, then hand every test its own copy of the file (much faster than migrating)."""

    def __init__(self, directory: Path):
        self.path = directory / "template.sqlite3"
        engine = make_engine(f"sqlite:///{self.path}")
        upgrade(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

    def copy_to(self, target: Path) -> str:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


def truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
