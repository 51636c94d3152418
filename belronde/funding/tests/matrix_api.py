"""Permission-matrix rows for the funding API."""

ROWS: list = []
