"""Storage layer: Alembic migrations shipped inside the package (`upgrade_to_head`)."""
