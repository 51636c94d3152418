from django.urls import path

from belronde.audit import views

app_name = "audit"

urlpatterns = [
    path("c/<slug:chapter>/audit/", views.event_list, name="event_list"),
]
