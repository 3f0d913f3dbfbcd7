"""UI layer: reusable controls (chips, states, fields, cards) shared by the screens."""
