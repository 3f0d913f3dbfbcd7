"""The store and the sync engine are plain Python: nothing below the screens imports flet."""

import ast
from pathlib import Path

import field_app

PACKAGE = Path(field_app.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_store_and_sync_never_import_flet() -> None:
    files = sorted([*PACKAGE.joinpath("store").rglob("*.py"),
                    *PACKAGE.joinpath("sync").rglob("*.py")])
    assert len(files) > 10
    offenders = {
        str(f.relative_to(PACKAGE)): sorted(m for m in imported_modules(f)
                                            if m == "flet" or m.startswith(("flet.", "flet_")))
        for f in files
    }
    assert {f: m for f, m in offenders.items() if m} == {}


def test_store_and_sync_never_import_the_server_or_the_screens() -> None:
    for sub in ("store", "sync"):
        for f in PACKAGE.joinpath(sub).rglob("*.py"):
            bad = [m for m in imported_modules(f)
                   if m.startswith(("sync_server", "field_app.ui", "field_app.main"))]
            assert bad == [], f"{f} imports {bad}"
