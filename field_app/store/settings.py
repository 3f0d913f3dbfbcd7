"""Store layer: the phone's settings file (enrollment with its token, language).

Kept as JSON in the app's data directory, readable by the app's user only (0600),
written atomically so a crash never leaves half a token behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SETTINGS_FILE_NAME = "settings.json"
LANGUAGES = ("vi", "en")
LEADER_NAME_MAX = 80


@dataclass(frozen=True)
class Enrollment:
    """What enrolling gave this phone: where to sync and as whom."""

    server_url: str
    device_id: str
    token: str
    group_id: str
    group_name: str
    ward_id: str
    ward_name: str
    device_name: str = ""
    enrolled_at: str = ""  # ISO timestamp, UTC


class Settings:
    """Enrollment, language and the user's display name, persisted in settings.json."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_FILE_NAME
        self._lock = threading.Lock()
        self._values: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._values, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # -- enrollment ----------------------------------------------------------------

    @property
    def enrollment(self) -> Enrollment | None:
        """The current enrollment, or None before enrolling / after signing out."""
        value = self._values.get("enrollment")
        return None if not value else Enrollment(**value)

    @property
    def is_enrolled(self) -> bool:
        return self.enrollment is not None

    def save_enrollment(self, enrollment: Enrollment) -> None:
        with self._lock:
            self._values["enrollment"] = asdict(enrollment)
            self._save()

    def clear_enrollment(self) -> None:
        """Forget the enrollment and the leader's name (the phone may change hands)."""
        with self._lock:
            self._values.pop("enrollment", None)
            self._values.pop("user_name", None)
            self._save()

    @property
    def group_id(self) -> str | None:
        enrollment = self.enrollment
        return None if enrollment is None else enrollment.group_id

    # -- preferences ---------------------------------------------------------------

    @property
    def language(self) -> str:
        """'vi' (default) or 'en'."""
        value = self._values.get("language", "vi")
        return value if value in LANGUAGES else "vi"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        with self._lock:
            self._values["language"] = value
            self._save()

    @property
    def leader_name(self) -> str:
        """The leader's own name as typed at enrollment or in Settings ('' when not given)."""
        return str(self._values.get("user_name") or "")

    @property
    def user_name(self) -> str:
        """The name written as author, collector and signature: the leader's name, else the
        device's name, else the group's name."""
        enrollment = self.enrollment
        fallback = (enrollment.device_name or enrollment.group_name) if enrollment else ""
        return self.leader_name or fallback

    @user_name.setter
    def user_name(self, value: str) -> None:
        with self._lock:
            self._values["user_name"] = " ".join(value.split())[:LEADER_NAME_MAX]
            self._save()
