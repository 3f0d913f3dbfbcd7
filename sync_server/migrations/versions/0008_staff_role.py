"""staff role: `officer` (every account so far) or `ward_head` (reads the audit, manages the
ward's staff accounts)

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("role", sa.String(length=20), nullable=False,
                                   server_default="officer"))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("role")
