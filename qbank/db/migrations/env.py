"""Alembic environment: runs migrations on the engine handed over by ``qbank.db.migrate``."""

from __future__ import annotations

from alembic import context

from qbank.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch ALTERs
        compare_type=True,
    )
    context.run_migrations()
