"""The lock files the README's two commands install from cover pyproject's dependencies,
at versions pyproject allows (run `bash scripts/lock.sh` after changing a dependency)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pinned(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)", line)
        if found:
            pins[canonicalize_name(found[1])] = found[3]
    return pins


def requirements(*extras: str) -> list[Requirement]:
    wanted = [*PROJECT["dependencies"]]
    for extra in extras:
        wanted += PROJECT["optional-dependencies"][extra]
    return [r for r in map(Requirement, wanted) if canonicalize_name(r.name) != "dan-van"]


@pytest.mark.parametrize(("lock", "extras"), [("dev.lock", ("server", "web", "dev")),
                                              ("server.lock", ("server", "web"))])
def test_every_dependency_is_locked_at_an_allowed_version(lock: str,
                                                          extras: tuple[str, ...]) -> None:
    pins = pinned(lock)
    missing = [str(r) for r in requirements(*extras) if canonicalize_name(r.name) not in pins]
    assert missing == [], f"not in requirements/{lock}: run scripts/lock.sh"
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in requirements(*extras)
               if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert outside == []
