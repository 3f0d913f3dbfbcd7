"""Store layer: the errors the local store raises to the screens.

    StoreError
    ├── RecordNotFound        no such record on this phone
    ├── InvalidTransition     the field side may not do that from the current status
    ├── NotEnrolled           writing needs an enrolled phone (a group to write for)
    └── PendingChangesError   signing out would drop writes not yet sent

Argument problems surface as pydantic `ValidationError` (a `ValueError`).
"""


class StoreError(Exception):
    """Base of the local store's errors."""


class RecordNotFound(StoreError):
    def __init__(self, entity: str, record_id: str) -> None:
        super().__init__(f"{entity} {record_id} not found")
        self.entity = entity
        self.record_id = record_id


class InvalidTransition(StoreError):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"cannot {action} a petition in status {status}")
        self.action = action
        self.status = status


class NotEnrolled(StoreError):
    """The phone has no enrollment."""


class PendingChangesError(StoreError):
    def __init__(self, waiting: int) -> None:
        super().__init__(f"{waiting} change(s) not yet sent")
        self.waiting = waiting
