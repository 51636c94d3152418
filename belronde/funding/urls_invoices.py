"""The coordinator's invoice pages and the bank CSV upload (``c/<chapter>/funding/invoices/...``
and ``.../funding/bank/...``: first segments that ``urls_programmes.RESERVED`` keeps from
programme codes)."""

from django.urls import path

from belronde.funding import invoice_views as views

F = "c/<slug:chapter>/funding/"
INV = F + "invoices/"
ONE = INV + "<str:code>/"

urlpatterns: list = [
    path(INV, views.invoice_list, name="invoice_list"),
    path(INV + "issue/<str:enrolment>/", views.invoice_issue, name="invoice_issue"),
    path(ONE, views.invoice_detail, name="invoice_detail"),
    path(ONE + "pdf/", views.invoice_pdf_download, name="invoice_pdf"),
    path(ONE + "credit/", views.invoice_credit, name="invoice_credit"),
    path(ONE + "payments/", views.invoice_payment, name="invoice_payment"),
    path(F + "bank/", views.bank_upload, name="bank_upload"),
    path(F + "bank/<str:code>/", views.bank_import, name="bank_import"),
]
