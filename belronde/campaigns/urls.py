from django.urls import path

from belronde.campaigns import caller_views, views

app_name = "campaigns"

urlpatterns = [
    path("c/<slug:chapter>/campaigns/", views.campaign_list, name="list"),
    path("c/<slug:chapter>/campaigns/new/", views.campaign_create, name="create"),
    path("c/<slug:chapter>/campaigns/preview/", views.segment_preview, name="segment_preview"),
    path("c/<slug:chapter>/campaigns/<str:code>/", views.campaign_detail, name="detail"),
    path("c/<slug:chapter>/campaigns/<str:code>/edit/", views.campaign_edit, name="edit"),
    path(
        "c/<slug:chapter>/campaigns/<str:code>/progress/", views.campaign_progress, name="progress"
    ),
    path("c/<slug:chapter>/campaigns/<str:code>/status/", views.campaign_status, name="status"),
    path(
        "c/<slug:chapter>/campaigns/<str:code>/distribution/",
        views.distribution,
        name="distribution",
    ),
    path("c/<slug:chapter>/campaigns/<str:code>/next/", caller_views.next_call, name="next"),
    path("c/<slug:chapter>/scripts/", views.script_list, name="script_list"),
    path("c/<slug:chapter>/scripts/<str:code>/", views.script_edit, name="script_edit"),
    path("c/<slug:chapter>/calls/", caller_views.my_calls, name="my_calls"),
    path("c/<slug:chapter>/calls/settings/", caller_views.caller_settings, name="caller_settings"),
    path("c/<slug:chapter>/calls/<str:code>/", caller_views.call, name="call"),
    path("c/<slug:chapter>/calls/<str:code>/claim/", caller_views.claim, name="claim"),
    path("c/<slug:chapter>/calls/<str:code>/attempt/", caller_views.attempt, name="attempt"),
    path(
        "c/<slug:chapter>/calls/<str:code>/conversation/",
        caller_views.conversation,
        name="conversation",
    ),
    path("c/<slug:chapter>/calls/<str:code>/draft/", caller_views.save_draft, name="draft"),
    path("c/<slug:chapter>/calls/<str:code>/release/", caller_views.release, name="release"),
    path("c/<slug:chapter>/calls/<str:code>/move/", views.assignment_move, name="move"),
    path(
        "c/<slug:chapter>/calls/<str:code>/callback.ics",
        caller_views.callback_ics,
        name="callback_ics",
    ),
    path("calendar/<str:token>.ics", caller_views.calendar_feed, name="calendar_feed"),
]
