"""Console layer: ward-scoped read queries behind the console's screens (plain data out)."""
