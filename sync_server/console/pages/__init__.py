"""Console layer: the routes of the ward console's pages, one module per screen."""

from __future__ import annotations

from types import ModuleType

from sync_server.console.pages import (
    auth,
    campaigns,
    devices,
    dialogue,
    petitions,
    privacy,
    reports,
    ward_head,
)

PAGE_MODULES: tuple[ModuleType, ...] = (
    auth, petitions, dialogue, campaigns, reports, devices, ward_head, privacy)
