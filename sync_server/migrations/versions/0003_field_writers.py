"""per-field last writer next to field_versions (a phone never conflicts with itself)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("petition", "dialogue_session", "campaign")


def upgrade() -> None:
    # plain ADD COLUMN (no table rebuild): other tables reference these by foreign key
    for table in TABLES:
        op.add_column(table, sa.Column("field_writers", sa.JSON(), nullable=False,
                                       server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "field_writers")
