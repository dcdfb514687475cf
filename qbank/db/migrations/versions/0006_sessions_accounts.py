"""Sessions and accounts: a per-user session generation, picture renditions, audit lookups by user.

Revision ID: 0006_sessions_accounts
Revises: 0005_reserved_pool
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sessions_accounts"
down_revision = "0005_reserved_pool"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every session carries the generation it began in; logout, a password change or a
    # deactivation increments it, which ends every session of that user on every node.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "blob_renditions",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("rendition_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blobs.sha256"], name=op.f("fk_blob_renditions_sha256_blobs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["rendition_sha256"], ["blobs.sha256"], name=op.f("fk_blob_renditions_rendition_sha256_blobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sha256", "width", name=op.f("pk_blob_renditions")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_user_id"))
    op.drop_table("blob_renditions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
