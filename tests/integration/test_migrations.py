"""Schema migrations: create from nothing, run twice, upgrade an old database to head."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from qbank.db.engine import make_engine
from qbank.db.migrate import current_revision, head_revision, upgrade
from qbank.db.models import Base
from tests import db_support


@pytest.fixture
def empty_engine(tmp_path: Path):  # noqa: ANN201
    """An engine on an empty database of the backend under test."""
    url = db_support.postgres_url()
    if url:
        reason = db_support.postgres_unreachable_reason(url)
        if reason:
            pytest.skip(reason)
        schema = db_support.unique_schema("qbmig")
        engine = db_support.schema_engine(url, schema)
        yield engine
        engine.dispose()
        db_support.drop_schema(url, schema)
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield engine
        engine.dispose()


def test_init_creates_every_table_on_an_empty_database(empty_engine) -> None:  # noqa: ANN001
    upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert current_revision(empty_engine) == head_revision(empty_engine)


def test_init_twice_is_harmless_and_keeps_data(empty_engine) -> None:  # noqa: ANN001
    upgrade(empty_engine)
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (name, created_at) VALUES ('Quảng Trị', CURRENT_TIMESTAMP)"))
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM departments")).scalars().all() == ["Quảng Trị"]


def test_database_made_at_the_first_migration_upgrades_to_head(empty_engine) -> None:  # noqa: ANN001
    upgrade(empty_engine, "0001_bank")
    assert current_revision(empty_engine) == "0001_bank"
    assert "exams" not in inspect(empty_engine).get_table_names()
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (name, created_at) VALUES ('Hà Tĩnh', CURRENT_TIMESTAMP)"))
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision(empty_engine)
    assert "exams" in inspect(empty_engine).get_table_names()
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM departments")).scalars().all() == ["Hà Tĩnh"]


def test_migrations_match_the_models(empty_engine) -> None:  # noqa: ANN001
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrading_links_existing_questions_to_their_pictures(empty_engine) -> None:  # noqa: ANN001
    import json

    from qbank.domain.content import Content, Image, Paragraph
    from qbank.domain.enums import QuestionType
    from qbank.domain.question import Question

    upgrade(empty_engine, "0003_question_bands")
    q = Question(QuestionType.ESSAY, Content([Paragraph([Image("ab" * 32)])]))
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (id, name, created_at) VALUES (1, 'Huế', CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO questions (id, department_id, created_at, updated_at, current_version, type, status, visibility, "
            "fingerprint, usage_count) VALUES (1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 'essay', 'approved', 'public', 'x', 0)"
        ))
        conn.execute(text("INSERT INTO question_versions (question_id, version, data, created_at, note) "
                          "VALUES (1, 1, :data, CURRENT_TIMESTAMP, '')"), {"data": json.dumps(q.to_json())})
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT question_id, sha256 FROM question_blobs")).all() == [(1, "ab" * 32)]
