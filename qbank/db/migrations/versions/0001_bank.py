"""The bank: departments, consortia, users, blobs, question sets, questions and their versions.

Revision ID: 0001_bank
Revises: None
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_bank"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary().with_variant(postgresql.BYTEA(), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "consortia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consortia")),
        sa.UniqueConstraint("name", name=op.f("uq_consortia_name")),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("name", name=op.f("uq_departments_name")),
    )
    op.create_table(
        "consortium_members",
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consortium_id"],
            ["consortia.id"],
            name=op.f("fk_consortium_members_consortium_id_consortia"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_consortium_members_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consortium_id", "department_id", name=op.f("pk_consortium_members")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_users_department_id_departments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "question_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("meta", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("report", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_question_sets_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["file_sha256"], ["blobs.sha256"], name=op.f("fk_question_sets_file_sha256_blobs")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"], name=op.f("fk_question_sets_uploaded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_sets")),
    )
    with op.batch_alter_table("question_sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_sets_department_id"), ["department_id"], unique=False)
    op.create_table(
        "passage_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column(
            "content", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_passage_groups_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["question_set_id"], ["question_sets.id"], name=op.f("fk_passage_groups_question_set_id_question_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passage_groups")),
    )
    with op.batch_alter_table("passage_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passage_groups_question_set_id"), ["question_set_id"], unique=False)
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("question_set_id", sa.Integer(), nullable=True),
        sa.Column("passage_group_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=50), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("school_year", sa.String(length=20), nullable=True),
        sa.Column("source_exam", sa.String(length=300), nullable=True),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_questions_created_by_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_questions_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["passage_group_id"], ["passage_groups.id"], name=op.f("fk_questions_passage_group_id_passage_groups")
        ),
        sa.ForeignKeyConstraint(
            ["question_set_id"], ["question_sets.id"], name=op.f("fk_questions_question_set_id_question_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_access", ["department_id", "visibility", "status"], unique=False)
        batch_op.create_index("ix_questions_fingerprint_department", ["fingerprint", "department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_passage_group_id"), ["passage_group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_question_set_id"), ["question_set_id"], unique=False)
        batch_op.create_index("ix_questions_tags", ["subject", "grade", "topic", "level"], unique=False)
    op.create_table(
        "question_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_question_versions_created_by_users")),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_versions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_versions")),
        sa.UniqueConstraint("question_id", "version", name="uq_question_versions_question_version"),
    )


def downgrade() -> None:
    op.drop_table("question_versions")
    op.drop_table("questions")
    op.drop_table("passage_groups")
    op.drop_table("question_sets")
    op.drop_table("users")
    op.drop_table("consortium_members")
    op.drop_table("departments")
    op.drop_table("consortia")
    op.drop_table("blobs")
