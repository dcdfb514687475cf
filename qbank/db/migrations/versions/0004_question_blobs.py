"""Blob permissions: which question shows which picture or OLE object (backfilled from current versions).

Revision ID: 0004_question_blobs
Revises: 0003_question_bands
Create Date: 2026-11-22
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004_question_blobs"
down_revision = "0003_question_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_blobs",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_question_blobs_question_id_questions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("question_id", "sha256", name=op.f("pk_question_blobs")),
    )
    with op.batch_alter_table("question_blobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_blobs_sha256"), ["sha256"], unique=False)
    _backfill()


def _backfill() -> None:
    """Existing questions: the blobs of their current version and of their passage."""
    from qbank.domain.content import Content
    from qbank.domain.question import Question

    conn = op.get_bind()
    passages = {
        gid: Content.from_json(content if isinstance(content, dict) else json.loads(content)).blob_refs()
        for gid, content in conn.execute(sa.text("SELECT id, content FROM passage_groups"))
    }
    rows = conn.execute(
        sa.text(
            "SELECT q.id, q.passage_group_id, v.data FROM questions q JOIN question_versions v "
            "ON v.question_id = q.id AND v.version = q.current_version"
        )
    )
    links = []
    for qid, gid, data in rows:
        data = data if isinstance(data, dict) else json.loads(data)
        refs = Question.from_json(data).blob_refs() | passages.get(gid, set())
        links += [{"question_id": qid, "sha256": sha} for sha in sorted(refs)]
    if links:
        conn.execute(sa.text("INSERT INTO question_blobs (question_id, sha256) VALUES (:question_id, :sha256)"), links)


def downgrade() -> None:
    op.drop_table("question_blobs")
