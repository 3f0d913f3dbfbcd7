"""Console layer: the routes of the ward console's pages, one module per screen."""

from __future__ import annotations

from types import ModuleType

from sync_server.console.pages import (
    auth,
    campaigns,
    deadlines,
    devices,
    dialogue,
    models,
    petitions,
    privacy,
    province,
    reports,
    ward_head,
)

PAGE_MODULES: tuple[ModuleType, ...] = (
    auth, petitions, dialogue, campaigns, models, reports, devices, deadlines, ward_head,
    privacy, province)
