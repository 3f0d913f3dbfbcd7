"""UI layer: an Android notification when the ward answers, where the build packages it.

flet-android-notifications is in the APK's dependencies ([tool.flet] in pyproject), not in
the core ones: here it is imported only when present and only on a phone (never in web
mode). Without it, Home's badge alone tells the leader.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

import flet as ft

log = logging.getLogger(__name__)
MODULE = "flet_android_notifications"
NOTIFICATION_ID = 23  # one notification, replaced by the next answer


def available(page: ft.Page) -> bool:
    """Whether this window can post Android notifications."""
    return not page.web and importlib.util.find_spec(MODULE) is not None


class AnswerNotifier:
    """Posts 'the ward answered' notifications through the Android service, if any."""

    def __init__(self, page: ft.Page) -> None:
        self.page = page
        self._service: Any | None = None
        self._asked = False
        if available(page):
            try:
                import flet_android_notifications as fan

                self._service = fan.FletAndroidNotifications()
                page.services.append(self._service)
            except Exception:  # a build without the native side: the badge is enough
                log.exception("notifications not available")
                self._service = None

    @property
    def active(self) -> bool:
        return self._service is not None

    async def notify(self, title: str, body: str) -> None:
        if self._service is None:
            return
        try:
            if not self._asked:
                self._asked = True
                await self._service.request_permissions()
            await self._service.show_notification(
                NOTIFICATION_ID, title, body, channel_id="ward_answers",
                channel_name=title, channel_description=title)
        except Exception:  # refused permission or no native side: never break the app
            log.exception("notification not shown")
