"""personal data under Law 91/2025: `erased_at` on petitions and households, the register of
citizens' requests, the ward's doorstep notice (text and version) and retention in years

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("petition", "household"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("erased_at", UtcDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("ward") as batch:
        batch.add_column(sa.Column("privacy_notice", sa.Text(), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("privacy_notice_version", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("retention_years", sa.Integer(), nullable=False,
                                   server_default="5"))
    op.create_table(
        "privacy_request",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("asked_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.Column("answered_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
    )
    op.create_index("ix_privacy_request_ward_id", "privacy_request", ["ward_id"])


def downgrade() -> None:
    op.drop_index("ix_privacy_request_ward_id", table_name="privacy_request")
    op.drop_table("privacy_request")
    with op.batch_alter_table("ward") as batch:
        for column in ("retention_years", "privacy_notice_version", "privacy_notice"):
            batch.drop_column(column)
    for table in ("household", "petition"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("erased_at")
