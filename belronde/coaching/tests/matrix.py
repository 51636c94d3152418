"""Permission-matrix rows for coaching: the coach's pages, the coordinator's pages, the API."""

from belronde.coaching.tests.matrix_api import ROWS as API_ROWS
from belronde.coaching.tests.matrix_manage import ROWS as MANAGE_ROWS
from belronde.coaching.tests.matrix_pages import ROWS as PAGE_ROWS

ROWS = [*PAGE_ROWS, *MANAGE_ROWS, *API_ROWS]
