"""Near-duplicate detection: LSH band hashes per question.

Revision ID: 0003_question_bands
Revises: 0002_exams_audit
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_question_bands"
down_revision = "0002_exams_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_bands",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_question_bands_question_id_questions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("question_id", "band", name=op.f("pk_question_bands")),
    )
    with op.batch_alter_table("question_bands", schema=None) as batch_op:
        batch_op.create_index("ix_question_bands_band_hash", ["band", "hash"], unique=False)


def downgrade() -> None:
    op.drop_table("question_bands")
