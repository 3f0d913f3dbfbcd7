"""Console layer: the staff console's translation catalogue (Vietnamese default, English).

`Translator("vi").t("inbox.title")` looks a key up; `{name}` placeholders are filled
from keyword arguments. A key missing from a language falls back to Vietnamese, and a
key missing everywhere shows itself, so a gap is visible rather than a crash.
"""

from __future__ import annotations

from sync_server.console.i18n.en import EN
from sync_server.console.i18n.vi import VI

CATALOGUES: dict[str, dict[str, str]] = {"vi": VI, "en": EN}
DEFAULT_LANGUAGE = "vi"


class Translator:
    """Looks up user-visible strings for one language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in CATALOGUES else DEFAULT_LANGUAGE

    def t(self, key: str, **values: object) -> str:
        text = CATALOGUES[self.language].get(key) or VI.get(key) or key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in CATALOGUES[self.language]


__all__ = ["CATALOGUES", "DEFAULT_LANGUAGE", "Translator"]
