"""Service layer: what a successful write reports back (entity, id, version, conflicting fields)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    entity: str
    id: str
    version: int
    conflict_fields: list[str] = field(default_factory=list)
