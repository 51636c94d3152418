"""Permission-matrix rows for funding: programmes."""

ROWS: list = []
