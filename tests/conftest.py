"""Shared fixtures: a migrated database per test (SQLite by default, PostgreSQL when
QBANK_TEST_DATABASE_URL is set), a Runtime, the Flask app, its client, and the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qbank.config import load_settings
from qbank.db.migrate import upgrade
from qbank.domain.actor import SYSTEM, Actor
from qbank.runtime import Runtime
from qbank.services.passwords import use_cheap_hashing_for_tests
from tests import db_support

use_cheap_hashing_for_tests()

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def database_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Session-wide database set-up; yields how each test gets a fresh database."""
    url = db_support.postgres_url()
    if url:
        reason = db_support.postgres_unreachable_reason(url)
        if reason:
            pytest.skip(reason)
        schema = db_support.unique_schema()
        schema_url = db_support.schema_url(url, schema)
        engine = db_support.make_engine(schema_url)
        upgrade(engine)
        yield {"kind": "postgresql", "url": schema_url, "engine": engine, "schema": schema}
        engine.dispose()
        db_support.drop_schema(url, schema)
    else:
        yield {"kind": "sqlite", "template": db_support.SqliteTemplate(tmp_path_factory.mktemp("dbtemplate"))}


@pytest.fixture
def runtime(database_backend: dict, tmp_path: Path) -> Iterator[Runtime]:
    """A Runtime on an empty, fully migrated database and a private data dir."""
    if database_backend["kind"] == "postgresql":
        db_support.truncate_all(database_backend["engine"])
        settings = load_settings(
            {"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": database_backend["url"], "SEARCH_BACKEND": "postgres"}, environ={}
        )
        rt = Runtime(settings, engine=database_backend["engine"])
        rt.indexer.backend.clear()  # the search table is not one of the truncated model tables
        rt.enable_indexing()
        yield rt
        rt.after_commit.clear()
        rt.dispose()  # stops the indexer thread before the next test truncates (the engine is shared)
    else:
        url = database_backend["template"].copy_to(tmp_path / "data" / "qbank.sqlite3")
        settings = load_settings({"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": url}, environ={})
        rt = Runtime(settings)
        rt.enable_indexing()
        yield rt
        rt.dispose()


@pytest.fixture
def system() -> Actor:
    return SYSTEM


@pytest.fixture
def app(runtime: Runtime):  # noqa: ANN201 - Flask app
    from qbank.app import create_app

    application = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}, runtime=runtime)
    yield application


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()
