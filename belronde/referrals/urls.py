from django.urls import path

from belronde.referrals import views

app_name = "referrals"

C = "c/<slug:chapter>/"

urlpatterns = [
    path(C + "conversations/<str:code>/refer/<str:service>/", views.refer, name="refer"),
    path(C + "referrals/", views.referral_list, name="list"),
    path(C + "referrals/coaching/", views.coaching_queue, name="coaching_queue"),
    path(C + "referrals/<str:code>/", views.referral_detail, name="detail"),
    path(C + "referrals/<str:code>/send/", views.referral_send, name="send"),
    path(C + "referrals/<str:code>/accept/", views.referral_accept, name="accept"),
    path(C + "referrals/<str:code>/decline/", views.referral_decline, name="decline"),
    path(C + "referrals/<str:code>/close/", views.referral_close, name="close"),
    path(C + "consents/", views.consent_list, name="consent_list"),
    path(C + "consents/<str:code>/", views.consent_detail, name="consent_detail"),
    path(C + "consents/<str:code>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(C + "partner/referrals/", views.partner_inbox, name="partner_inbox"),
    path(C + "partner/referrals/<str:code>/", views.partner_detail, name="partner_detail"),
    path(C + "partner/referrals/<str:code>/accept/", views.partner_accept, name="partner_accept"),
    path(
        C + "partner/referrals/<str:code>/decline/", views.partner_decline, name="partner_decline"
    ),
    path(C + "partner/referrals/<str:code>/close/", views.partner_close, name="partner_close"),
    path(C + "services/", views.service_list, name="service_list"),
    path(C + "services/new/", views.service_create, name="service_create"),
    path(C + "services/<str:code>/", views.service_detail, name="service_detail"),
    path(C + "services/<str:code>/edit/", views.service_edit, name="service_edit"),
    path(
        C + "services/<str:code>/consent-texts/new/",
        views.consent_text_create,
        name="consent_text_create",
    ),
]
