"""Translation layer: every user-visible string of the phone app, Vietnamese by default.

`Translator("vi")("home.title")` looks a key up in the active catalogue; `{name}`
placeholders are filled from keyword arguments. A key missing from a catalogue falls back
to Vietnamese, then to the key itself, so a gap shows up on screen instead of crashing.
"""

from __future__ import annotations

from field_app.i18n.catalogue_en import EN
from field_app.i18n.catalogue_vi import VI

DEFAULT_LANGUAGE = "vi"
CATALOGUES: dict[str, dict[str, str]] = {"vi": VI, "en": EN}
LANGUAGES: tuple[str, ...] = tuple(CATALOGUES)


class Translator:
    """Looks up strings in one language's catalogue."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in CATALOGUES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUES[self.language].get(key) or VI.get(key) or key
        return text.format(**values) if values else text

    def label(self, vocabulary: str, value: object) -> str:
        """The label of one value of a vocabulary: `label("status", "answered")`."""
        raw = getattr(value, "value", value)
        return self(f"{vocabulary}.{raw}")

    def error(self, code: str | None, fallback: str | None = None) -> str:
        """The user's wording of a server error code: a catalogue sentence always, the
        general one when the code has none. The server's own text (`fallback`) is never
        shown: it may carry English or field names (glossary.md)."""
        key = f"error.{code}"
        if code and key in CATALOGUES[self.language]:
            return self(key)
        return self("error.default")

    def field_names(self, names: list[str]) -> str:
        """Record field names as the user knows them, for conflict messages."""
        labels = [self(f"fieldname.{n}" if f"fieldname.{n}" in VI else "problem.a_field")
                  for n in names]
        return ", ".join(dict.fromkeys(labels)) or "—"

    def choices(self, vocabulary: str, values: list[str]) -> list[tuple[str, str]]:
        """(value, label) pairs for a dropdown, in the given order."""
        return [(v, self.label(vocabulary, v)) for v in values]


__all__ = ["CATALOGUES", "DEFAULT_LANGUAGE", "LANGUAGES", "Translator"]
