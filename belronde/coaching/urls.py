from belronde.coaching.urls_manage import urlpatterns as manage_patterns

app_name = "coaching"

C = "c/<slug:chapter>/"

urlpatterns: list = (
    [
        # the coach's pages (views.py)
    ]
    + manage_patterns
)
