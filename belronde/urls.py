from django.urls import include, path

from belronde.accounts import views as account_views
from belronde.routes import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("belronde.accounts.urls")),
    path("", include("belronde.audit.urls")),
    path("", include("belronde.campaigns.urls")),
    path("", include("belronde.members.urls")),
    path("", include("belronde.conversations.urls")),
    path("", include("belronde.knowledge.urls")),
    path("", include("belronde.referrals.urls")),
    path("", include("belronde.ops.urls")),
    path("", include("belronde.analyses.urls")),
    path("", include("belronde.coaching.urls")),
    path("", include("belronde.funding.urls")),
    path("api/v1/", api.urls),
]
