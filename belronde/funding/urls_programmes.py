"""The programme pages: the list, a new programme, the budget dashboard, its settings and cost
models, and the coordinator's enrolment forms.

A programme's page is ``c/<chapter>/funding/<code>/``. The code converter leaves the words the
other funding pages use at that place (``invoices``, ``claims``, ...) to those pages, whatever
the order of the URL modules; a new programme cannot take such a word as its code
(``programme_forms.NewProgrammeForm.clean_code``)."""

from django.urls import path, register_converter

from belronde.funding import programme_views as views

#: first path segments under ``funding/`` that are not programme codes
RESERVED = ("new", "invoices", "invoice", "payments", "bank", "imports", "claims", "api")


class ProgrammeCode:
    regex = "(?!(?:" + "|".join(RESERVED) + ")/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProgrammeCode, "programme")

F = "c/<slug:chapter>/funding/"
P = F + "<programme:code>/"
E = P + "enrolments/<str:enrolment>/"

urlpatterns: list = [
    path(F, views.programme_list, name="programme_list"),
    path(F + "new/", views.programme_create, name="programme_create"),
    path(P, views.programme_detail, name="programme_detail"),
    path(P + "edit/", views.programme_edit, name="programme_edit"),
    path(P + "terms/", views.programme_terms, name="programme_terms"),
    path(P + "enrol/", views.programme_enrol, name="programme_enrol"),
    path(E + "exception/", views.enrolment_exception, name="enrolment_exception"),
    path(E + "hours/", views.enrolment_hours, name="enrolment_hours"),
]
