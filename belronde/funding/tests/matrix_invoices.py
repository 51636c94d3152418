"""Permission-matrix rows for funding: invoices."""

ROWS: list = []
