"""finer planner statistics for the staff inbox search on PostgreSQL

PostgreSQL estimates how many petitions a `search_text LIKE '%...%'` matches by trying the
pattern on its histogram of the column, 100 values by default. A search that matches 1 %
of a ward's petitions then matched 0, 1 or 2 of them, by chance of the sample: estimated
at 5 rows, the inbox page read the whole table and sorted it (35 ms with 50,000
petitions) instead of walking the ward's newest-first index until the page was full
(2 ms). A histogram of 1,000 values makes that estimate steady. SQLite keeps no such
statistics; nothing changes there.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGET = 1000


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE petition ALTER COLUMN search_text SET STATISTICS {TARGET}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE petition ALTER COLUMN search_text SET STATISTICS -1")
