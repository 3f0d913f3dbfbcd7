"""audit_log indexed by (ward_id, at): the ward's audit page lists its newest looks first,
a page at a time, out of every look the ward's staff and phones ever made

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_log_ward_at", "audit_log", ["ward_id", "at"])
    op.drop_index("ix_audit_log_ward_id", table_name="audit_log")


def downgrade() -> None:
    op.create_index("ix_audit_log_ward_id", "audit_log", ["ward_id"])
    op.drop_index("ix_audit_log_ward_at", table_name="audit_log")
