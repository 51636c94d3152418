from belronde.funding.urls_claims import urlpatterns as claim_patterns
from belronde.funding.urls_invoices import urlpatterns as invoice_patterns
from belronde.funding.urls_programmes import urlpatterns as programme_patterns

app_name = "funding"

urlpatterns: list = [*programme_patterns, *invoice_patterns, *claim_patterns]
