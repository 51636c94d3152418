"""The claim pages of a programme: ``c/<chapter>/funding/<code>/claims/...``.

A claim is named by its public code; ``prepare/`` cannot be one (codes are ten capitals and
digits)."""

from django.urls import path

from belronde.funding import claim_views as views

C = "c/<slug:chapter>/funding/<slug:code>/claims/"
ONE = C + "<str:claim>/"

urlpatterns: list = [
    path(C, views.claim_list, name="claim_list"),
    path(C + "prepare/", views.claim_prepare, name="claim_prepare"),
    path(ONE, views.claim_detail, name="claim_detail"),
    path(ONE + "refresh/", views.claim_refresh, name="claim_refresh"),
    path(ONE + "submit/", views.claim_submit, name="claim_submit"),
    path(ONE + "paid/", views.claim_paid, name="claim_paid"),
    path(ONE + "download/<str:format>/", views.claim_download, name="claim_download"),
]
