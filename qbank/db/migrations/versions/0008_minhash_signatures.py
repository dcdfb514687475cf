"""Near-duplicates in bounded time (stored MinHash signatures, 32 bands, a covering band index);
rate-limit counters shared by every worker process.

Revision ID: 0008_minhash_signatures
Revises: 0007_results_stats
Create Date: 2026-12-02
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008_minhash_signatures"
down_revision = "0007_results_stats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_signatures",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary().with_variant(postgresql.BYTEA(), "postgresql"), nullable=False),
        sa.Column("normalised", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_question_signatures_question_id_questions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_signatures")),
    )
    with op.batch_alter_table("question_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_question_bands_band_hash")
        batch_op.create_index("ix_question_bands_lookup", ["band", "hash", "question_id"], unique=False)
    _backfill()
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )
    with op.batch_alter_table("rate_limit_counters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_limit_counters_expires_at"), ["expires_at"], unique=False)


def _backfill() -> None:
    """The band scheme changed (16 → 32 bands): recompute every question's bands and store its signature."""
    from qbank.domain.question import Question
    from search_index.minhash import question_text, sketch

    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM question_bands"))
    rows = conn.execute(
        sa.text(
            "SELECT q.id, v.data FROM questions q JOIN question_versions v "
            "ON v.question_id = q.id AND v.version = q.current_version"
        )
    )
    bands: list[dict[str, int]] = []
    sigs: list[dict[str, object]] = []

    def flush() -> None:
        if bands:
            conn.execute(sa.text("INSERT INTO question_bands (question_id, band, hash) VALUES (:question_id, :band, :hash)"), bands)
        if sigs:
            conn.execute(sa.text("INSERT INTO question_signatures (question_id, signature, normalised) VALUES (:question_id, :signature, :normalised)"), sigs)
        bands.clear()
        sigs.clear()

    for qid, data in rows.fetchall():
        sk = sketch(question_text(Question.from_json(data if isinstance(data, dict) else json.loads(data))))
        if sk is None:
            continue
        bands.extend({"question_id": qid, "band": b, "hash": h} for b, h in enumerate(sk.bands))
        sigs.append({"question_id": qid, "signature": sk.signature, "normalised": sk.normalised})
        if len(sigs) >= 2000:
            flush()
    flush()


def downgrade() -> None:
    op.drop_table("rate_limit_counters")
    with op.batch_alter_table("question_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_question_bands_lookup")
        batch_op.create_index("ix_question_bands_band_hash", ["band", "hash"], unique=False)
    op.drop_table("question_signatures")
