"""Permission-matrix rows for funding: claims."""

ROWS: list = []
