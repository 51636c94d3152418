from django.urls import path

from belronde.members import views

app_name = "members"

urlpatterns = [
    path("c/<slug:chapter>/members/", views.organisation_list, name="organisation_list"),
    path("c/<slug:chapter>/members/new/", views.organisation_create, name="organisation_create"),
    path(
        "c/<slug:chapter>/members/export.<str:format>",
        views.organisation_export,
        name="organisation_export",
    ),
    path("c/<slug:chapter>/members/imports/", views.import_list, name="import_list"),
    path(
        "c/<slug:chapter>/members/imports/template.<str:format>",
        views.import_template,
        name="import_template",
    ),
    path(
        "c/<slug:chapter>/members/imports/<str:code>/",
        views.import_detail,
        name="import_detail",
    ),
    path(
        "c/<slug:chapter>/members/imports/<str:code>/errors.<str:format>",
        views.import_errors,
        name="import_errors",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/do-not-call/",
        views.organisation_do_not_call,
        name="organisation_do_not_call",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/merge/",
        views.organisation_merge,
        name="organisation_merge",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/persons/new/",
        views.person_create,
        name="person_create",
    ),
    path(
        "c/<slug:chapter>/members/<str:code>/persons/<str:person>/",
        views.person_edit,
        name="person_edit",
    ),
]
