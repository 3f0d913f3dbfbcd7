"""UI layer: one module per screen; each registers its builders by name in `field_app.ui.screens`.

Importing this package imports every view module, which fills the table of screens: the
actions, the shell and the other views then open a screen by name and import no view.
"""

from __future__ import annotations

from types import ModuleType

from field_app.ui.views import (
    campaign,
    contribution_form,
    contributions,
    dialogue,
    enroll,
    expenses,
    group_report,
    home,
    households,
    models,
    more,
    petition_detail,
    petition_form,
    petitions,
    session,
    settings,
    sync_screen,
    tracking,
)

SCREEN_MODULES: tuple[ModuleType, ...] = (
    home, petitions, petition_detail, petition_form, tracking, dialogue, session,
    contributions, campaign, contribution_form, expenses, group_report, households, models, more,
    settings,
    sync_screen, enroll)
