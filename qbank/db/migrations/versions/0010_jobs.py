"""Long work as background jobs: a batch per archive or folder with a row per file and its outcome; exam exports.

Revision ID: 0010_jobs
Revises: 0009_taxonomy
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010_jobs"
down_revision = "0009_taxonomy"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("options", _JSON, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_import_batches_department_id_departments"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_import_batches_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_batches_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_batches_status"), ["status"], unique=False)
    op.create_table(
        "batch_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("suggested", _JSON, nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=True),
        sa.Column("counts", _JSON, nullable=False),
        sa.Column("messages", _JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"], name=op.f("fk_batch_files_batch_id_import_batches"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"], name=op.f("fk_batch_files_blob_sha256_blobs")),
        sa.ForeignKeyConstraint(["question_set_id"], ["question_sets.id"], name=op.f("fk_batch_files_question_set_id_question_sets"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_files")),
    )
    with op.batch_alter_table("batch_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batch_files_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_batch_files_status"), ["status"], unique=False)
    op.create_table(
        "export_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("blob_sha256", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_export_jobs_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_export_jobs_exam_id_exams"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"], name=op.f("fk_export_jobs_blob_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_jobs")),
    )
    with op.batch_alter_table("export_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_jobs_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_jobs_exam_id"), ["exam_id"], unique=False)


def downgrade() -> None:
    op.drop_table("export_jobs")
    op.drop_table("batch_files")
    op.drop_table("import_batches")
