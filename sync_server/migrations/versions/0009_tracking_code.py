"""petition.tracking_code: the code a citizen looks their petition up with (`/tra-cuu`),
made on the phone, unique per ward

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("petition") as batch:
        batch.add_column(sa.Column("tracking_code", sa.String(length=16), nullable=True))
    op.create_index("ux_petition_ward_tracking_code", "petition", ["ward_id", "tracking_code"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ux_petition_ward_tracking_code", table_name="petition")
    with op.batch_alter_table("petition") as batch:
        batch.drop_column("tracking_code")
