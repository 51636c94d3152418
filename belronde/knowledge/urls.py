from django.urls import path

from belronde.knowledge import views

app_name = "knowledge"

K = "c/<slug:chapter>/knowledge/"

urlpatterns = [
    path(K + "questions/", views.question_list, name="question_list"),
    path(K + "questions/new/", views.question_create, name="question_create"),
    path(K + "questions/<str:code>/", views.question_detail, name="question_detail"),
    path(K + "questions/<str:code>/answer/", views.question_answer, name="question_answer"),
    path(K + "questions/<str:code>/publish/", views.question_publish, name="question_publish"),
    path(K + "questions/<str:code>/group/", views.question_group, name="question_group"),
    path(K + "questions/<str:code>/ungroup/", views.question_ungroup, name="question_ungroup"),
    path(K + "faq/", views.faq, name="faq"),
    path(K + "practices/", views.practice_library, name="practice_library"),
    path(K + "practices/new/", views.practice_create, name="practice_create"),
    path(K + "practices/review/", views.practice_review_queue, name="practice_review_queue"),
    path(K + "practices/export/", views.practice_export, name="practice_export"),
    path(K + "practices/<str:code>/", views.practice_detail, name="practice_detail"),
    path(K + "practices/<str:code>/review/", views.practice_review, name="practice_review"),
    path(K + "themes/", views.theme_list, name="theme_list"),
    path(K + "themes/new/", views.theme_create, name="theme_create"),
    path(K + "themes/<slug:slug>/", views.theme_edit, name="theme_edit"),
]
