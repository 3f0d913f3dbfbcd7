"""Wire layer: pydantic models of the sync protocol, shared by the phone and the server.

The server may import this package; it never imports anything else from the phone app.
"""

from field_app.wire.codes import ErrorCode
from field_app.wire.lifecycle import (
    FIELD_ACTIONS,
    STAFF_ACTIONS,
    next_status,
)
from field_app.wire.protocol import (
    PROTOCOL_VERSION,
    Change,
    EnrollRequest,
    EnrollResponse,
    Mutation,
    MutationName,
    MutationResult,
    MutationStatus,
    PullResponse,
    PushRequest,
    PushResponse,
    TransitionRequest,
)
from field_app.wire.records import (
    CampaignData,
    Category,
    Commitment,
    ContributionEntryData,
    ContributionKind,
    DialogueKind,
    DialogueSessionData,
    EntryType,
    FieldOfWork,
    HouseholdData,
    PetitionData,
    PetitionStatus,
    Source,
    TimelineEntry,
)

__all__ = [
    "FIELD_ACTIONS",
    "PROTOCOL_VERSION",
    "STAFF_ACTIONS",
    "CampaignData",
    "Category",
    "Change",
    "Commitment",
    "ContributionEntryData",
    "ContributionKind",
    "DialogueKind",
    "DialogueSessionData",
    "EnrollRequest",
    "EnrollResponse",
    "EntryType",
    "ErrorCode",
    "FieldOfWork",
    "HouseholdData",
    "Mutation",
    "MutationName",
    "MutationResult",
    "MutationStatus",
    "PetitionData",
    "PetitionStatus",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "Source",
    "TimelineEntry",
    "TransitionRequest",
    "next_status",
]
