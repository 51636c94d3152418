from django.urls import path

from belronde.analyses import views

app_name = "analyses"

_A = "c/<slug:chapter>/analyses/"
_ONE = _A + "<slug:code>/"

urlpatterns = [
    path(_A, views.analysis_list, name="list"),
    path(_A + "new/", views.analysis_create, name="create"),
    path(_A + "organisations/", views.organisation_search, name="organisation_search"),
    path(_ONE, views.analysis_detail, name="detail"),
    path(_ONE + "figures/", views.figures, name="figures"),
    path(_ONE + "figures/delete/", views.delete_year, name="delete_year"),
    path(_ONE + "import/", views.import_figures, name="import"),
    path(_ONE + "settings/", views.update_settings, name="settings"),
    path(_ONE + "signals/", views.record_signal, name="signal"),
    path(_ONE + "conclusion/", views.save_conclusion, name="conclusion"),
    path(_ONE + "cashflow/", views.cashflow_view, name="cashflow"),
    path(_ONE + "cashflow/setup/", views.cashflow_settings, name="cashflow_settings"),
    path(_ONE + "cashflow/cell/", views.cashflow_cell, name="cashflow_cell"),
    path(_ONE + "cashflow/roll/", views.cashflow_roll, name="cashflow_roll"),
    path(_ONE + "report.pdf", views.report, name="report"),
]
