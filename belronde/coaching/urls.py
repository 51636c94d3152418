from django.urls import path

from belronde.coaching import views
from belronde.coaching.urls_manage import urlpatterns as manage_patterns

app_name = "coaching"

C = "c/<slug:chapter>/"
T = C + "trajectories/<str:code>/"

urlpatterns: list = [
    *manage_patterns,
    # the coach's pages (views.py)
    path(C + "trajectories/", views.trajectory_list, name="list"),
    path(C + "referrals/<str:code>/trajectory/", views.start, name="start"),
    path(T, views.trajectory_detail, name="detail"),
    path(T + "transition/", views.transition, name="transition"),
    path(T + "analyses/waive/", views.waive_analysis, name="waive_analysis"),
    path(T + "analyses/link/", views.link_analysis, name="link_analysis"),
    path(T + "analyses/new/", views.start_analysis, name="start_analysis"),
    path(T + "plan/", views.plan, name="plan"),
    path(T + "plan/items/", views.add_item, name="add_item"),
    path(T + "plan/items/<str:item>/", views.edit_item, name="edit_item"),
    path(T + "sessions/", views.log_session, name="log_session"),
    path(T + "sessions/<str:session>/correct/", views.correct_session, name="correct_session"),
    path(T + "documents/", views.upload, name="upload"),
    path(T + "documents/<str:token>/", views.document, name="document"),
    path(T + "close/", views.close, name="close"),
]
