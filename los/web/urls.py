from django.urls import path

from los.web import (
    about_views,
    actionplan_views,
    advice_views,
    agreement_views,
    caseload_views,
    dialogue_views,
    directory_views,
    fidelity_views,
    health_views,
    measure_views,
    meeting_views,
    note_views,
    notification_views,
    pathway_views,
    plan_views,
    referral_views,
    report_views,
    sickleave_views,
    token_views,
    views,
    worklist_views,
)

PLAN = "deltakere/<uuid:public_id>/plan/"
NOTES = "deltakere/<uuid:public_id>/referater/"
DIALOGUE = "deltakere/<uuid:public_id>/dialog/"
MEETINGS = "deltakere/<uuid:public_id>/moter/"
MEETING = MEETINGS + "<int:meeting_id>/"
WORK = "deltakere/<uuid:public_id>/arbeid/"
ENROLMENT = WORK + "<int:enrolment_id>/"
MEASURES = "deltakere/<uuid:public_id>/kartlegging/"
REFERRALS = "deltakere/<uuid:public_id>/henvisninger/"
ACTION_PLAN = "tiltak/<slug:plan_code>/"
PLAN_MEASURE = ACTION_PLAN + "<str:number>/"
REPORT = "rapporter/<slug:level>/<str:code>/"
NATIONAL = {"level": "national", "code": ""}
SICK_LEAVE = "deltakere/<uuid:public_id>/sykefravaer/"
SICKNESS_CASE = SICK_LEAVE + "<int:case_id>/"

urlpatterns = [
    # No trailing slash: probes ask for /health, and a redirect would not count as healthy.
    path("health", health_views.health, name="health"),
    path("", views.home, name="home"),
    path("personvern/", about_views.privacy_notice, name="privacy_notice"),
    path("tilgjengelighet/", about_views.accessibility_statement, name="accessibility_statement"),
    path("deltakere/", caseload_views.participant_list, name="participant_list"),
    path("oppgaver/", worklist_views.work_list, name="work_list"),
    path("deltakere/utvalg/", caseload_views.saved_filter_new, name="saved_filter_new"),
    path(
        "deltakere/utvalg/<int:filter_id>/slett/",
        caseload_views.saved_filter_delete,
        name="saved_filter_delete",
    ),
    path("deltakere/ny/", views.participant_register, name="participant_register"),
    path("deltakere/ny/sendt/", views.access_request_sent, name="access_request_sent"),
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
    path(
        "deltakere/<uuid:public_id>/foresporsler/<int:request_id>/",
        views.access_request_answer,
        name="access_request_answer",
    ),
    path("deltakere/<uuid:public_id>/tilgangslogg/", views.access_log, name="access_log"),
    path("deltakere/<uuid:public_id>/tidslinje/", views.participant_timeline, name="timeline"),
    path("meg/", views.my_page, name="my_page"),
    path("meg/historikk/", views.my_timeline, name="my_timeline"),
    path("sykefravaer/frister/", sickleave_views.deadlines, name="sickleave_deadlines"),
    path("sykefravaer/", sickleave_views.overview, name="sickleave_overview"),
    path(SICK_LEAVE, sickleave_views.cases, name="sickleave_cases"),
    path(SICKNESS_CASE, sickleave_views.case_detail, name="sickleave_case"),
    path(SICKNESS_CASE + "sykmelding/ny/", sickleave_views.note_new, name="sick_note_new"),
    path(
        SICKNESS_CASE + "aktivitetskrav/",
        sickleave_views.activity_requirement,
        name="activity_requirement",
    ),
    path(SICKNESS_CASE + "oppfolgingsplan/", sickleave_views.follow_up_plan, name="follow_up_plan"),
    path(SICKNESS_CASE + "dialogmote/", sickleave_views.dialogue_link, name="dialogue_link"),
    path(
        SICKNESS_CASE + "dialogmote/oppgave/",
        sickleave_views.dialogue_task_new,
        name="dialogue_task_new",
    ),
    path(
        SICKNESS_CASE + "dialogmote/oppgave/<int:task_id>/",
        sickleave_views.dialogue_task_mark,
        name="dialogue_task_mark",
    ),
    path("meg/varsler/", notification_views.notice_settings, name="notice_settings"),
    path("meg/api-nokler/", token_views.api_tokens, name="api_tokens"),
    path("meg/mine-opplysninger/", views.my_data_download, name="my_data_download"),
    path(
        "meg/api-nokler/<int:token_id>/trekk-tilbake/",
        token_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "varsler/avmeld/<str:token>/",
        notification_views.notice_unsubscribe,
        name="notice_unsubscribe",
    ),
    path(REFERRALS, referral_views.referrals, name="referrals"),
    path(REFERRALS + "ny/", referral_views.referral_new, name="referral_new"),
    path(
        REFERRALS + "<int:referral_id>/trekk-tilbake/",
        referral_views.referral_withdraw,
        name="referral_withdraw",
    ),
    path("rad/", advice_views.advice_list, name="advice_list"),
    path("rad/ny/", advice_views.advice_new, name="advice_new"),
    path("rad/mottatt/", advice_views.advice_queue, name="advice_queue"),
    path("rad/<int:question_id>/", advice_views.advice_detail, name="advice_detail"),
    path(
        "deltakere/<uuid:public_id>/rad/ny/",
        advice_views.advice_named_new,
        name="advice_named_new",
    ),
    path("henvisninger/", referral_views.referral_inbox, name="referral_inbox"),
    path("henvisninger/<int:referral_id>/", referral_views.referral_answer, name="referral_answer"),
    path(PLAN, plan_views.plan, name="plan"),
    path(PLAN + "ny/", plan_views.plan_create, name="plan_create"),
    path(PLAN + "plan.pdf", plan_views.plan_pdf, name="plan_pdf"),
    path(PLAN + "endre/", plan_views.plan_edit, name="plan_edit"),
    path(PLAN + "mal/ny/", plan_views.goal_new, name="goal_new"),
    path(PLAN + "mal/<int:goal_id>/", plan_views.goal_edit, name="goal_edit"),
    path(PLAN + "aktiviteter/ny/", plan_views.activity_new, name="activity_new"),
    path(
        PLAN + "aktiviteter/<int:activity_id>/",
        plan_views.activity_detail,
        name="activity_detail",
    ),
    path(
        PLAN + "aktiviteter/<int:activity_id>/endre/",
        plan_views.activity_edit,
        name="activity_edit",
    ),
    path(
        PLAN + "aktiviteter/<int:activity_id>/avtal/",
        plan_views.activity_agree,
        name="activity_agree",
    ),
    path(NOTES, note_views.notes, name="notes"),
    path(NOTES + "nytt/", note_views.note_new, name="note_new"),
    path(NOTES + "<int:note_id>/", note_views.note_detail, name="note_detail"),
    path(NOTES + "<int:note_id>/tillegg/", note_views.note_addendum, name="note_addendum"),
    path(NOTES + "<int:note_id>/del/", note_views.note_share, name="note_share"),
    path(DIALOGUE, dialogue_views.dialogue, name="dialogue"),
    path(DIALOGUE + "ny/", dialogue_views.thread_new, name="thread_new"),
    path(DIALOGUE + "<int:thread_id>/", dialogue_views.thread_detail, name="thread_detail"),
    path(MEETINGS, meeting_views.meetings, name="meetings"),
    path(MEETINGS + "nytt/", meeting_views.meeting_new, name="meeting_new"),
    path(MEETING, meeting_views.meeting_detail, name="meeting_detail"),
    path(MEETING + "endre/", meeting_views.meeting_edit, name="meeting_edit"),
    path(MEETING + "avlys/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "svar/", meeting_views.meeting_reply, name="meeting_reply"),
    path(MEETING + "referat/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path(MEETING + "kalender.ics", meeting_views.meeting_calendar_file, name="meeting_calendar"),
    path(WORK, pathway_views.pathway, name="pathway"),
    path(WORK + "ny/", pathway_views.enrolment_new, name="enrolment_new"),
    path(WORK + "karriereprofil/", pathway_views.career_profile, name="career_profile"),
    path(WORK + "apenhet/", pathway_views.disclosure_plan, name="disclosure_plan"),
    path(ENROLMENT + "trinn/", pathway_views.stage_change, name="stage_change"),
    path(ENROLMENT + "pause/", pathway_views.pause, name="enrolment_pause"),
    path(ENROLMENT + "aktiv/", pathway_views.resume, name="enrolment_resume"),
    path(ENROLMENT + "avslutt/", pathway_views.end, name="enrolment_end"),
    path(ENROLMENT + "jobb/ny/", pathway_views.job_new, name="job_new"),
    path(WORK + "jobb/<int:job_id>/", pathway_views.job_edit, name="job_edit"),
    path(ENROLMENT + "utdanning/ny/", pathway_views.education_new, name="education_new"),
    path(
        WORK + "utdanning/<int:education_id>/",
        pathway_views.education_edit,
        name="education_edit",
    ),
    path(ENROLMENT + "oppfolging/ny/", pathway_views.support_new, name="support_new"),
    path(ENROLMENT + "rapport/ny/", pathway_views.report_new, name="report_new"),
    path(WORK + "rapport/<int:report_id>/", pathway_views.report_detail, name="report_detail"),
    path(WORK + "rapport/<int:report_id>/del/", pathway_views.report_share, name="report_share"),
    path(
        WORK + "rapport/<int:report_id>/versjon/<int:number>/pdf/",
        pathway_views.report_pdf,
        name="report_pdf",
    ),
    path(MEASURES, measure_views.measures, name="measures"),
    path(MEASURES + "ny/", measure_views.measure_plan, name="measure_plan"),
    path(
        MEASURES + "<int:instrument_id>/svar/",
        measure_views.measure_answer,
        name="measure_answer",
    ),
    path(
        MEASURES + "plan/<int:schedule_id>/stopp/",
        measure_views.schedule_stop,
        name="schedule_stop",
    ),
    path(
        MEASURES + "oppgave/<int:task_id>/",
        measure_views.safety_task_handle,
        name="safety_task_handle",
    ),
    path(
        MEASURES + "svar/<int:response_id>/fhir/",
        measure_views.response_fhir,
        name="response_fhir",
    ),
    path("kvalitet/", fidelity_views.review_list, name="review_list"),
    path("kvalitet/ny/", fidelity_views.review_new, name="review_new"),
    path("kvalitet/<int:review_id>/", fidelity_views.review_detail, name="review_detail"),
    path("kvalitet/<int:review_id>/pdf/", fidelity_views.review_pdf, name="review_pdf"),
    path(
        "kvalitet/tjeneste/<int:organisation_id>/<slug:scale_code>/",
        fidelity_views.service_history,
        name="service_history",
    ),
    path("skjemaer/", measure_views.instrument_list, name="instrument_list"),
    path(
        "skjemaer/<int:instrument_id>/fhir/",
        measure_views.instrument_fhir,
        name="instrument_fhir",
    ),
    path("arbeidsgivere/", pathway_views.employer_list, name="employer_list"),
    path("arbeidsgivere/ny/", pathway_views.employer_new, name="employer_new"),
    path(
        "arbeidsgivere/<int:employer_id>/",
        pathway_views.employer_detail,
        name="employer_detail",
    ),
    path(
        "arbeidsgivere/kontakt/ny/",
        pathway_views.employer_contact_new,
        name="employer_contact_new",
    ),
    path("arbeidsgivere/uke/", pathway_views.specialist_week, name="specialist_week"),
    path("tiltak/", actionplan_views.actionplan_list, name="actionplan_list"),
    path(ACTION_PLAN, actionplan_views.actionplan_measures, name="actionplan_measures"),
    path(
        ACTION_PLAN + "arsrapport/<int:year>/",
        actionplan_views.yearly_report,
        name="yearly_report",
    ),
    path(
        ACTION_PLAN + "arsrapport/<int:year>/pdf/",
        actionplan_views.yearly_report_pdf,
        name="yearly_report_pdf",
    ),
    path(PLAN_MEASURE, actionplan_views.measure_detail, name="measure_detail"),
    path(PLAN_MEASURE + "rapport/", actionplan_views.measure_report, name="measure_report"),
    # The service directory: public, no login (los/web/directory_views.py).
    path("tilbud/", directory_views.offer_list, name="offer_list"),
    path("tilbud/<int:offer_id>/", directory_views.offer_detail, name="offer_detail"),
    path("tilbud/mine/", directory_views.offer_manage, name="offer_manage"),
    path("tilbud/ny/", directory_views.offer_new, name="offer_new"),
    path("tilbud/importer/", directory_views.offer_import, name="offer_import"),
    path("tilbud/<int:offer_id>/endre/", directory_views.offer_edit, name="offer_edit"),
    # Collaboration agreements (los/web/agreement_views.py, docs/agreements.md).
    path("samarbeid/", agreement_views.agreement_list, name="agreement_list"),
    path("samarbeid/ny/", agreement_views.agreement_new, name="agreement_new"),
    path(
        "samarbeid/<int:agreement_id>/", agreement_views.agreement_detail, name="agreement_detail"
    ),
    path(
        "samarbeid/<int:agreement_id>/endre/",
        agreement_views.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "samarbeid/<int:agreement_id>/mote/ny/",
        agreement_views.agreement_meeting_new,
        name="agreement_meeting_new",
    ),
    path("rapporter/", report_views.report_home, name="results_home"),
    # The nation has no code: its addresses give the view the level and an empty code.
    path("rapporter/national/", report_views.report, NATIONAL, name="results"),
    path(REPORT, report_views.report, name="results"),
    path(
        "rapporter/national/rapport.csv",
        report_views.report_download,
        NATIONAL | {"format": "csv"},
        name="results_csv",
    ),
    path(
        REPORT + "rapport.csv", report_views.report_download, {"format": "csv"}, name="results_csv"
    ),
    path(
        "rapporter/national/rapport.xlsx",
        report_views.report_download,
        NATIONAL | {"format": "xlsx"},
        name="results_xlsx",
    ),
    path(
        REPORT + "rapport.xlsx",
        report_views.report_download,
        {"format": "xlsx"},
        name="results_xlsx",
    ),
    path("rapporter/national/rapport.pdf", report_views.report_pdf, NATIONAL, name="results_pdf"),
    path(REPORT + "rapport.pdf", report_views.report_pdf, name="results_pdf"),
]
