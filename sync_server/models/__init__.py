"""Storage layer: SQLModel tables, one module per aggregate; importing this registers them all."""

from sync_server.models.attachments import Attachment
from sync_server.models.audit import AuditLog
from sync_server.models.campaigns import Campaign, ContributionEntry
from sync_server.models.deadlines import DeadlinePolicy, WardDay
from sync_server.models.dialogues import DialogueSession
from sync_server.models.households import Household
from sync_server.models.mobilization import MobilizationModel
from sync_server.models.petitions import Petition
from sync_server.models.privacy import PrivacyRequest
from sync_server.models.sync import MutationLog, ScopeCounter, ServerMeta, SyncChange
from sync_server.models.ward import (
    Device,
    EnrollmentCode,
    Province,
    ReferenceItem,
    ResidentialGroup,
    Staff,
    StaffToken,
    Ward,
)

__all__ = [
    "Attachment",
    "AuditLog",
    "Campaign",
    "ContributionEntry",
    "DeadlinePolicy",
    "Device",
    "DialogueSession",
    "EnrollmentCode",
    "Household",
    "MobilizationModel",
    "MutationLog",
    "Petition",
    "PrivacyRequest",
    "Province",
    "ReferenceItem",
    "ResidentialGroup",
    "ScopeCounter",
    "ServerMeta",
    "Staff",
    "StaffToken",
    "SyncChange",
    "Ward",
    "WardDay",
]
