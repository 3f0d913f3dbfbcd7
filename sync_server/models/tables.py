"""Storage layer: the Core `Table` of each model, for the lean statement-level service code."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from sync_server.models import (
    Attachment,
    AuditLog,
    Campaign,
    CampaignExpense,
    Commendation,
    ContributionEntry,
    DeadlinePolicy,
    Device,
    DialogueSession,
    EnrollmentCode,
    GroupReport,
    Household,
    MobilizationModel,
    MutationLog,
    Petition,
    PrivacyRequest,
    Province,
    ProvinceContribution,
    ProvinceDay,
    ProvinceGroupMonth,
    ProvinceMonth,
    ReferenceItem,
    ReportMonth,
    ReportPolicy,
    ResidentialGroup,
    ScopeCounter,
    ServerMeta,
    Staff,
    StaffToken,
    SyncChange,
    Ward,
    WardDay,
    Webhook,
    WebhookEvent,
)


def _t(model: object) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


attachment_t = _t(Attachment)
audit_t = _t(AuditLog)
campaign_t = _t(Campaign)
entry_t = _t(ContributionEntry)
expense_t = _t(CampaignExpense)
policy_t = _t(DeadlinePolicy)
device_t = _t(Device)
dialogue_t = _t(DialogueSession)
enroll_code_t = _t(EnrollmentCode)
household_t = _t(Household)
model_t = _t(MobilizationModel)
group_report_t = _t(GroupReport)
report_month_t = _t(ReportMonth)
report_policy_t = _t(ReportPolicy)
commendation_t = _t(Commendation)
mutation_log_t = _t(MutationLog)
petition_t = _t(Petition)
province_t = _t(Province)
province_month_t = _t(ProvinceMonth)
province_group_month_t = _t(ProvinceGroupMonth)
province_day_t = _t(ProvinceDay)
province_contribution_t = _t(ProvinceContribution)
privacy_request_t = _t(PrivacyRequest)
reference_t = _t(ReferenceItem)
group_t = _t(ResidentialGroup)
counter_t = _t(ScopeCounter)
meta_t = _t(ServerMeta)
staff_t = _t(Staff)
staff_token_t = _t(StaffToken)
change_t = _t(SyncChange)
ward_t = _t(Ward)
ward_day_t = _t(WardDay)
webhook_t = _t(Webhook)
webhook_event_t = _t(WebhookEvent)
