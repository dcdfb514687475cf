"""Reserved exam pools and consortia by consent: the exam's release policy, pool shares, invitations.

Revision ID: 0005_reserved_pool
Revises: 0004_question_blobs
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_reserved_pool"
down_revision = "0004_question_blobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exams") as batch:
        # What the exam's questions become on release: public, consortium, department, or stay reserved.
        batch.add_column(sa.Column("release_policy", sa.String(length=20), nullable=False, server_default="reserved"))
    op.create_table(
        "reserved_pool_shares",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_reserved_pool_shares_department_id_departments"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["consortium_id"], ["consortia.id"], name=op.f("fk_reserved_pool_shares_consortium_id_consortia"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("department_id", "consortium_id", name=op.f("pk_reserved_pool_shares")),
    )
    op.create_table(
        "consortium_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["consortium_id"], ["consortia.id"], name=op.f("fk_consortium_invitations_consortium_id_consortia"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_consortium_invitations_department_id_departments"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by"], ["users.id"], name=op.f("fk_consortium_invitations_invited_by_users")),
        sa.ForeignKeyConstraint(["answered_by"], ["users.id"], name=op.f("fk_consortium_invitations_answered_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consortium_invitations")),
    )
    op.create_index("ix_consortium_invitations_department_status", "consortium_invitations", ["department_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_consortium_invitations_department_status", table_name="consortium_invitations")
    op.drop_table("consortium_invitations")
    op.drop_table("reserved_pool_shares")
    with op.batch_alter_table("exams") as batch:
        batch.drop_column("release_policy")
