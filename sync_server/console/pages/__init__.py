"""Console layer: the routes of the ward console's pages, one module per screen."""

from __future__ import annotations

from types import ModuleType

from sync_server.console.pages import (
    auth,
    campaigns,
    deadlines,
    devices,
    dialogue,
    group_reports,
    models,
    petitions,
    privacy,
    province,
    reports,
    reviews,
    ward_head,
    webhooks,
)

PAGE_MODULES: tuple[ModuleType, ...] = (
    auth, petitions, dialogue, campaigns, models, group_reports, reviews, reports, devices,
    deadlines, ward_head, privacy, webhooks, province)
