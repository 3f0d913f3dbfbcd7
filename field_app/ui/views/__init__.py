"""UI layer: one module per screen; each exposes builder functions `(shell) -> Screen`."""
