"""Console layer: one module per screen of the staff console."""
