"""Export layer: printable documents the phone makes itself (the campaign transparency sheet)."""
