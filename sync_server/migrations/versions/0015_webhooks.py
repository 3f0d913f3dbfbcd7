"""webhooks: the ward's integrations (url, secret, on or off, personal data allowed) and the
outbox of their events, delivered in order per webhook with retries

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0015"
down_revision: str | None = "0014"  # main's head when written; the integrator re-chains
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("carries_personal", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("switched_off_at", UtcDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_webhook_ward_active", "webhook", ["ward_id", "active"])
    op.create_table(
        "webhook_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("webhook_id", sa.String(length=64), sa.ForeignKey("webhook.id"),
                  nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", UtcDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_webhook_event_queue", "webhook_event", ["webhook_id", "state", "id"])


def downgrade() -> None:
    op.drop_index("ix_webhook_event_queue", table_name="webhook_event")
    op.drop_table("webhook_event")
    op.drop_index("ix_webhook_ward_active", table_name="webhook")
    op.drop_table("webhook")
