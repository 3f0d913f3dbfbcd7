"""Wire layer: the stable dotted error codes both sides speak.

The server's catalogue (`sync_server.errors`) maps each code to an HTTP status and a
title; the phone maps each code to a Vietnamese/English message. Codes never change
meaning once shipped.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    # protocol and sync
    SEQ_GAP = "sync.seq_gap"
    MUTATION_MISMATCH = "sync.mutation_mismatch"
    RESET_REQUIRED = "sync.reset_required"
    UPGRADE_REQUIRED = "sync.upgrade_required"
    BAD_CURSOR = "sync.bad_cursor"
    UNKNOWN_MUTATION = "sync.unknown_mutation"
    # auth
    UNAUTHORIZED = "auth.unauthorized"
    TOKEN_REVOKED = "auth.token_revoked"
    BAD_CREDENTIALS = "auth.bad_credentials"
    FORBIDDEN = "auth.forbidden"
    RATE_LIMITED = "auth.rate_limited"
    ENROLL_CODE_INVALID = "enroll.code_invalid"
    # requests
    VALIDATION = "request.validation"
    MALFORMED_JSON = "request.malformed_json"
    BODY_TOO_LARGE = "request.body_too_large"
    NOT_FOUND = "request.not_found"
    METHOD_NOT_ALLOWED = "request.method_not_allowed"
    INTERNAL = "server.internal"
    # records
    INVALID_TRANSITION = "petition.invalid_transition"
    PETITION_NOT_FOUND = "petition.not_found"
    PETITION_EXISTS = "petition.exists"
    TRACKING_CODE_TAKEN = "petition.tracking_code_taken"
    VERSION_CONFLICT = "record.version_conflict"
    RECORD_NOT_FOUND = "record.not_found"
    RECORD_EXISTS = "record.exists"
    HOUSEHOLD_NOT_FOUND = "household.not_found"
    CAMPAIGN_NOT_FOUND = "campaign.not_found"
    ENTRY_NOT_FOUND = "contribution.entry_not_found"
    ENTRY_ALREADY_REVERSED = "contribution.already_reversed"
    BAD_REVERSAL = "contribution.bad_reversal"
    EXPENSE_NOT_FOUND = "expense.not_found"
    EXPENSE_ALREADY_REVERSED = "expense.already_reversed"
    BAD_EXPENSE_REVERSAL = "expense.bad_reversal"
    DIALOGUE_NOT_FOUND = "dialogue.not_found"
    MODEL_NOT_FOUND = "model.not_found"
    MODEL_INVALID_TRANSITION = "model.invalid_transition"
    GROUP_REPORT_MONTH_CLOSED = "group_report.month_closed"
    ATTACHMENT_HASH_MISMATCH = "attachment.hash_mismatch"
    ATTACHMENT_TYPE = "attachment.unsupported_type"
    ATTACHMENT_TOO_LARGE = "attachment.too_large"
    ATTACHMENT_NOT_FOUND = "attachment.not_found"
