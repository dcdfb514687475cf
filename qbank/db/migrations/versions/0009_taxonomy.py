"""Departments' own topics beside the curriculum taxonomy.

Revision ID: 0009_taxonomy
Revises: 0008_minhash_signatures
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009_taxonomy"
down_revision = "0008_minhash_signatures"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "taxonomy_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", _JSON, nullable=False),
        sa.Column("keywords", _JSON, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_taxonomy_topics_department_id_departments"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_taxonomy_topics_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_topics")),
        sa.UniqueConstraint("department_id", "subject", "grade", "name", name="uq_taxonomy_topics_department_topic"),
    )
    with op.batch_alter_table("taxonomy_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taxonomy_topics_department_id"), ["department_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("taxonomy_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_topics_department_id"))
    op.drop_table("taxonomy_topics")
