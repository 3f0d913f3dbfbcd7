"""a province above its wards: the `province` table, `ward.province_id`, accounts that are no
ward's staff (`staff.ward_id` null, `staff.province_id`, roles province and administrator),
and the two days the province's figures count by (`petition.accepted_on`, the first day it
was taken up; `petition.answered_on`, the last day it was answered), filled in from the
timelines, with the indexes a count per ward reads

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VN = timezone(timedelta(hours=7))
RECEIVED = sa.text("COALESCE(received_at, created_at)")
WARDLESS = "(ward_id IS NULL) = (role IN ('province', 'administrator'))"


def _vn_day(moment: Any) -> date | None:
    if not moment:
        return None
    at = datetime.fromisoformat(str(moment))
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(VN).date()


def _days(timeline: Any) -> tuple[date | None, date | None]:
    import json

    entries = json.loads(timeline) if isinstance(timeline, str) else (timeline or [])
    accepted = [e.get("at") for e in entries if e.get("kind") == "accepted"]
    answered = [e.get("at") for e in entries if e.get("kind") == "answered"]
    return (_vn_day(accepted[0]) if accepted else None,
            _vn_day(answered[-1]) if answered else None)


def upgrade() -> None:
    op.create_table(
        "province",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("ward") as batch:
        batch.add_column(sa.Column("province_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key("fk_ward_province", "province", ["province_id"], ["id"])
        batch.create_index("ix_ward_province_id", ["province_id"])
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("ward_id", existing_type=sa.String(length=64), nullable=True)
        batch.add_column(sa.Column("province_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key("fk_staff_province", "province", ["province_id"], ["id"])
        batch.create_check_constraint("ck_staff_wardless_roles", sa.text(WARDLESS))
    with op.batch_alter_table("petition") as batch:
        batch.add_column(sa.Column("accepted_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("answered_on", sa.Date(), nullable=True))
    bind = op.get_bind()
    petition = sa.table("petition", sa.column("id", sa.String), sa.column("timeline", sa.JSON),
                        sa.column("accepted_on", sa.Date), sa.column("answered_on", sa.Date))
    rows = bind.execute(sa.select(petition.c.id, petition.c.timeline)).all()
    updates = []
    for row in rows:
        accepted, answered = _days(row.timeline)
        if accepted or answered:
            updates.append({"pid": row.id, "acc": accepted, "ans": answered})
    if updates:
        bind.execute(sa.update(petition).where(petition.c.id == sa.bindparam("pid"))
                     .values(accepted_on=sa.bindparam("acc"), answered_on=sa.bindparam("ans")),
                     updates)
    op.create_index("ix_petition_ward_answered", "petition", ["ward_id", "answered_on"])
    if bind.dialect.name == "postgresql":
        # the month's received petitions counted from the index alone (an index-only scan:
        # measured 100 wards x 10,000 petitions, docs/performance.md); SQLite reads them
        # through the inbox's index
        op.create_index("ix_petition_ward_received_counts", "petition",
                        ["ward_id", RECEIVED],
                        postgresql_include=["group_id", "accepted_on", "ack_due"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_petition_ward_received_counts", table_name="petition")
    op.drop_index("ix_petition_ward_answered", table_name="petition")
    with op.batch_alter_table("petition") as batch:
        batch.drop_column("answered_on")
        batch.drop_column("accepted_on")
    with op.batch_alter_table("staff") as batch:
        batch.drop_constraint("ck_staff_wardless_roles", type_="check")
        batch.drop_constraint("fk_staff_province", type_="foreignkey")
        batch.drop_column("province_id")
        batch.alter_column("ward_id", existing_type=sa.String(length=64), nullable=False)
    with op.batch_alter_table("ward") as batch:
        batch.drop_index("ix_ward_province_id")
        batch.drop_constraint("fk_ward_province", type_="foreignkey")
        batch.drop_column("province_id")
    op.drop_table("province")
