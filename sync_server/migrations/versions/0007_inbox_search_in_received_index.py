"""petition indexes: the search text in none on PostgreSQL, and in the received order on SQLite

0005's index (ward, search text, status) had two faults:

- On PostgreSQL a B-tree entry holds at most 2,704 bytes, and the search text holds the
  whole description (up to 10,000 characters): a petition with a description of some
  6,000 characters could not be stored, and its phone's push failed every time. PostgreSQL
  now keeps no index on the search text; a search reads the ward's rows (measured with
  50,000 petitions: 45-58 ms at the 95th percentile on the benchmark machine, against
  25 ms with the old index; the inbox over all its filters 33-51 ms).
- Ordered by the search text, every new petition went to a random place in it: on SQLite
  about 40 % of the cost of storing a petition once the ward held tens of thousands.
  SQLite keeps no size limit on an index entry, so its covering copy of the search text
  (and the status) moves to the end of the ward's received-order index, where new
  petitions arrive next to each other. A search still reads only index entries.

And (ward, status) goes on both: (ward, status, due date) begins with the same columns and
serves the same lookups and counts; each petition stored wrote both.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECEIVED = sa.text("COALESCE(received_at, created_at)")


def upgrade() -> None:
    op.drop_index("ix_petition_ward_search", table_name="petition")
    op.drop_index("ix_petition_ward_status", table_name="petition")
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_petition_ward_received", table_name="petition")
        op.create_index("ix_petition_ward_received", "petition",
                        ["ward_id", RECEIVED, "id", "status", "search_text"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_petition_ward_received", table_name="petition")
        op.create_index("ix_petition_ward_received", "petition", ["ward_id", RECEIVED, "id"])
    op.create_index("ix_petition_ward_status", "petition", ["ward_id", "status"])
    op.create_index("ix_petition_ward_search", "petition", ["ward_id", "search_text", "status"])
