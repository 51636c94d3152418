"""Permission-matrix rows for funding: programmes, invoices, claims, the API."""

from belronde.funding.tests.matrix_api import ROWS as API_ROWS
from belronde.funding.tests.matrix_claims import ROWS as CLAIM_ROWS
from belronde.funding.tests.matrix_invoices import ROWS as INVOICE_ROWS
from belronde.funding.tests.matrix_programmes import ROWS as PROGRAMME_ROWS

ROWS = [*PROGRAMME_ROWS, *INVOICE_ROWS, *CLAIM_ROWS, *API_ROWS]
