"""Console layer: an export carrying personal data asks why (the reason goes to the audit
row); without a reason the file is made without the personal data that needs one."""

from __future__ import annotations

REASONS = ("contact", "verify", "report")  # labels: petition.reveal_reason.<key>


def chosen(reason: str | None) -> str | None:
    """The reason picked in the form, or None when none (or an unknown one) was picked."""
    value = (reason or "").strip()
    return value if value in REASONS else None
