"""Wire layer: the petition life cycle (product.md), one table for both sides.

    received -> accepted -> in_progress -> answered -> reported_back -> closed
    received | accepted | in_progress -> rejected (ward, with reason)
    received | accepted | in_progress -> withdrawn (field)
    answered | reported_back | closed -> accepted (ward "reopen")

Each action names its side; the other side may never perform it.
"""

from datetime import date
from typing import Final

from field_app.wire.records import PetitionStatus as S

OPEN_STATUSES: Final = frozenset({S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS})

# action -> {from status: to status}
STAFF_ACTIONS: Final[dict[str, dict[S, S]]] = {
    "accept": {S.RECEIVED: S.ACCEPTED},
    # re-assigning unit, officer or due date without moving the status
    "assign": {S.ACCEPTED: S.ACCEPTED, S.IN_PROGRESS: S.IN_PROGRESS},
    "start": {S.ACCEPTED: S.IN_PROGRESS},
    "answer": {S.ACCEPTED: S.ANSWERED, S.IN_PROGRESS: S.ANSWERED, S.ANSWERED: S.ANSWERED},
    "reject": {s: S.REJECTED for s in OPEN_STATUSES},
    "close": {S.ANSWERED: S.CLOSED, S.REPORTED_BACK: S.CLOSED},
    "reopen": {S.ANSWERED: S.ACCEPTED, S.REPORTED_BACK: S.ACCEPTED, S.CLOSED: S.ACCEPTED},
}

FIELD_ACTIONS: Final[dict[str, dict[S, S]]] = {
    "withdraw": {s: S.WITHDRAWN for s in OPEN_STATUSES},
    "report_back": {S.ANSWERED: S.REPORTED_BACK},
}

# Petitions still waiting for the ward: they count as open and can become overdue.
AWAITING_WARD: Final = OPEN_STATUSES
# Answered on the ward side but the citizen has not yet been told.
AWAITING_REPORT_BACK: Final = frozenset({S.ANSWERED})
FINAL_STATUSES: Final = frozenset({S.CLOSED, S.REJECTED, S.WITHDRAWN})


def running_deadline(status: S | str, ack_due: date | None, due_date: date | None) -> date | None:
    """The deadline a petition is waiting on: to be taken up by `ack_due` while `received`,
    answered by `due_date` while `accepted` or `in_progress`; none after."""
    if status == S.RECEIVED:
        return ack_due
    return due_date if status in (S.ACCEPTED, S.IN_PROGRESS) else None


def next_status(action: str, current: S | str, *, staff: bool) -> S | None:
    """The status `action` leads to from `current`, or None when it is not allowed."""
    table = (STAFF_ACTIONS if staff else FIELD_ACTIONS).get(action)
    if table is None:
        return None
    return table.get(S(current))


def allowed_actions(current: S | str, *, staff: bool) -> list[str]:
    """Actions one side may take on a petition in status `current`, in life-cycle order."""
    actions = STAFF_ACTIONS if staff else FIELD_ACTIONS
    return [name for name, table in actions.items() if S(current) in table]
