"""Storage layer: `python -m sync_server.storage.check URL` exits 0 iff that database answers."""

from __future__ import annotations

import sys

from sqlalchemy import text

from sync_server.storage.engine import make_engine


def reachable(url: str) -> bool:
    try:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception as exc:
        print(f"database not reachable: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m sync_server.storage.check DATABASE_URL", file=sys.stderr)
        return 2
    return 0 if reachable(args[0]) else 1


if __name__ == "__main__":
    sys.exit(main())
