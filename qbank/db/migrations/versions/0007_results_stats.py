"""Results and item statistics: candidates' responses, exam and item statistics, measured columns on questions.

Revision ID: 0007_results_stats
Revises: 0006_sessions_accounts
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_results_stats"
down_revision = "0006_sessions_accounts"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rasch_b", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rasch_se", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rasch_exam_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("stat_facility", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("stat_discrimination", sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f("ix_questions_rasch_b"), ["rasch_b"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_stat_discrimination"), ["stat_discrimination"], unique=False)

    op.create_table(
        "exam_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("candidate", sa.String(length=50), nullable=False),
        sa.Column("version_code", sa.String(length=10), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("responses", _json(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_exam_results_exam_id_exams"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_results")),
        sa.UniqueConstraint("exam_id", "candidate", name="uq_exam_results_exam_candidate"),
    )
    with op.batch_alter_table("exam_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_results_exam_id"), ["exam_id"], unique=False)

    op.create_table(
        "exam_statistics",
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.Column("sd", sa.Float(), nullable=True),
        sa.Column("alpha", sa.Float(), nullable=True),
        sa.Column("sem", sa.Float(), nullable=True),
        sa.Column("data", _json(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_exam_statistics_exam_id_exams"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("exam_id", name=op.f("pk_exam_statistics")),
    )

    op.create_table(
        "item_statistics",
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("facility", sa.Float(), nullable=True),
        sa.Column("discrimination", sa.Float(), nullable=True),
        sa.Column("upper_lower", sa.Float(), nullable=True),
        sa.Column("rasch_b", sa.Float(), nullable=True),
        sa.Column("rasch_se", sa.Float(), nullable=True),
        sa.Column("infit", sa.Float(), nullable=True),
        sa.Column("outfit", sa.Float(), nullable=True),
        sa.Column("anchored", sa.Boolean(), nullable=False),
        sa.Column("flags", _json(), nullable=False),
        sa.Column("options", _json(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_item_statistics_exam_id_exams"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_item_statistics_question_id_questions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("exam_id", "question_id", name=op.f("pk_item_statistics")),
    )
    with op.batch_alter_table("item_statistics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_statistics_question_id"), ["question_id"], unique=False)


def downgrade() -> None:
    op.drop_table("item_statistics")
    op.drop_table("exam_statistics")
    op.drop_table("exam_results")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_stat_discrimination"))
        batch_op.drop_index(batch_op.f("ix_questions_rasch_b"))
        batch_op.drop_column("stat_discrimination")
        batch_op.drop_column("stat_facility")
        batch_op.drop_column("rasch_exam_id")
        batch_op.drop_column("rasch_se")
        batch_op.drop_column("rasch_b")
