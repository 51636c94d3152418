"""Permission-matrix rows (see matrix.py)."""

from tests.permission_matrix import Row

ROWS: list[Row] = []
