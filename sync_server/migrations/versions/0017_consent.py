"""petition.consent: what the citizen was told (the ward's notice version) and agreed to at
the doorstep (contact, name on public sheets)

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
# the integrator re-chains: this branch started after 0012, the head it runs on
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("petition") as batch:
        batch.add_column(sa.Column("consent", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("petition") as batch:
        batch.drop_column("consent")
