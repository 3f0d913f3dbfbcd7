"""campaign_expense (what a campaign's money was spent on, append-only with reversals), the
campaign's `public_id` (its public sheet /cong-khai/{public_id}) and the households'
`publish_name` consent

Revision ID: 0014
Revises: 0013
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0014"
down_revision: str | None = "0013"  # the integrator re-chains it after the last one
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_expense",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("entry_type", sa.String(length=20), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("payee", sa.String(length=200), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("reverses_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["residential_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reverses_id"),
    )
    with op.batch_alter_table("campaign_expense") as batch:
        batch.create_index("ix_campaign_expense_campaign", ["campaign_id"], unique=False)
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=32), nullable=True))
        batch.create_unique_constraint("uq_campaign_public_id", ["public_id"])
    with op.batch_alter_table("household") as batch:
        batch.add_column(sa.Column("publish_name", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    # campaigns made before: a public address each, so every notice can carry its QR code
    bind = op.get_bind()
    campaign = sa.table("campaign", sa.column("id", sa.String), sa.column("public_id", sa.String))
    for (cid,) in bind.execute(sa.select(campaign.c.id)).all():
        bind.execute(campaign.update().where(campaign.c.id == cid)
                     .values(public_id=secrets.token_urlsafe(12)))


def downgrade() -> None:
    with op.batch_alter_table("household") as batch:
        batch.drop_column("publish_name")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_constraint("uq_campaign_public_id", type_="unique")
        batch.drop_column("public_id")
    with op.batch_alter_table("campaign_expense") as batch:
        batch.drop_index("ix_campaign_expense_campaign")
    op.drop_table("campaign_expense")
