from django.urls import path

from belronde.conversations import views

app_name = "conversations"

urlpatterns = [
    path("c/<slug:chapter>/conversations/", views.conversation_list, name="list"),
    path("c/<slug:chapter>/conversations/new/", views.conversation_create, name="create"),
    path("c/<slug:chapter>/conversations/<str:code>/", views.conversation_detail, name="detail"),
    path(
        "c/<slug:chapter>/conversations/<str:code>/themes/",
        views.conversation_themes,
        name="themes",
    ),
    path(
        "c/<slug:chapter>/conversations/<str:code>/no-referral/",
        views.no_referral,
        name="no_referral",
    ),
]
