"""The coordinator's coaching pages (workload, reassign, timeline) and follow-ups, hand-off."""

from django.urls import path

from belronde.coaching import manage_views

C = "c/<slug:chapter>/"

urlpatterns: list = [
    path(f"{C}coaching/workload/", manage_views.workload, name="workload"),
    path(f"{C}coaching/timeline/", manage_views.timeline, name="timeline"),
    path(f"{C}trajectories/<str:code>/reassign/", manage_views.reassign, name="reassign"),
    path(
        f"{C}trajectories/<str:code>/follow-ups/<str:follow_up>/",
        manage_views.follow_up,
        name="follow_up",
    ),
    path(f"{C}trajectories/<str:code>/hand-off/", manage_views.hand_off, name="hand_off"),
]
