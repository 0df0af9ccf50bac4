from django.urls import path

from los.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("deltakere/", views.participant_list, name="participant_list"),
    path("deltakere/ny/", views.participant_register, name="participant_register"),
    path("deltakere/<uuid:public_id>/", views.participant_detail, name="participant_detail"),
    path(
        "deltakere/<uuid:public_id>/opplysninger/",
        views.participant_edit_details,
        name="participant_edit_details",
    ),
    path("deltakere/<uuid:public_id>/team/ny/", views.team_add, name="team_add"),
    path(
        "deltakere/<uuid:public_id>/team/<int:membership_id>/avslutt/",
        views.team_end,
        name="team_end",
    ),
    path("deltakere/<uuid:public_id>/samtykker/nytt/", views.consent_new, name="consent_new"),
    path(
        "deltakere/<uuid:public_id>/samtykker/<int:consent_id>/trekk-tilbake/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("deltakere/<uuid:public_id>/tilgangslogg/", views.access_log, name="access_log"),
    path("meg/", views.my_page, name="my_page"),
]
