"""indexes for the staff inbox: ward's petitions in received order, open ones by due date

The console's inbox pages a ward's petitions ordered by COALESCE(received_at, created_at)
and counts them per status (and overdue by due_date); with 50,000 petitions these were
full sorts and scans.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_petition_ward_received", "petition",
                    ["ward_id", sa.text("COALESCE(received_at, created_at)"), "id"])
    op.create_index("ix_petition_ward_status_due", "petition", ["ward_id", "status", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_petition_ward_status_due", table_name="petition")
    op.drop_index("ix_petition_ward_received", table_name="petition")
