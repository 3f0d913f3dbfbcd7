"""Storage layer: SQLModel tables, one module per aggregate; importing this registers them all."""

from sync_server.models.attachments import Attachment
from sync_server.models.audit import AuditLog
from sync_server.models.campaigns import Campaign, ContributionEntry
from sync_server.models.deadlines import DeadlinePolicy, WardDay
from sync_server.models.dialogues import DialogueSession
from sync_server.models.expenses import CampaignExpense
from sync_server.models.group_reports import Commendation, GroupReport, ReportMonth, ReportPolicy
from sync_server.models.households import Household
from sync_server.models.mobilization import MobilizationModel
from sync_server.models.petitions import Petition
from sync_server.models.privacy import PrivacyRequest
from sync_server.models.province_rollups import (
    ProvinceContribution,
    ProvinceDay,
    ProvinceGroupMonth,
    ProvinceMonth,
)
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
from sync_server.models.webhooks import Webhook, WebhookEvent

__all__ = [
    "Attachment",
    "AuditLog",
    "Campaign",
    "CampaignExpense",
    "Commendation",
    "ContributionEntry",
    "DeadlinePolicy",
    "Device",
    "DialogueSession",
    "EnrollmentCode",
    "GroupReport",
    "Household",
    "MobilizationModel",
    "MutationLog",
    "Petition",
    "PrivacyRequest",
    "Province",
    "ProvinceContribution",
    "ProvinceDay",
    "ProvinceGroupMonth",
    "ProvinceMonth",
    "ReferenceItem",
    "ReportMonth",
    "ReportPolicy",
    "ResidentialGroup",
    "ScopeCounter",
    "ServerMeta",
    "Staff",
    "StaffToken",
    "SyncChange",
    "Ward",
    "WardDay",
    "Webhook",
    "WebhookEvent",
]
