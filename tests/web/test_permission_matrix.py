"""Every URL × every kind of user, with data present that could leak.

A new URL in los.web.urls fails test_every_url_is_in_the_matrix until someone decides who
may use it. Expected answers: 200 (shown), 302 (sent elsewhere: login, or the participant's
own page), 403 (on the team but the role may not), 404 (the participant does not exist for
this user), 405 (a POST-only action asked with GET).
"""

import datetime

import pytest
from django.urls import URLPattern, reverse

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.core.vocabulary import Category, Role
from los.fidelity.models import FidelityItem, FidelityScale, Review, Reviewer, ReviewPhase
from los.fidelity.scales import install_fidelity_scales
from los.measures.models import Instrument
from los.participants.models import CareTeamMembership, Consent
from los.web import urls as web_urls
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

# Columns: who is asking.
VIEWERS = [
    "anonymous",
    "participant_self",
    "other_participant",
    "team_with_consent",  # NAV counsellor: consent for the health summary
    "team_without_consent",  # GP: on the team, no consent for anything
    "team_read_only",  # employer contact
    "same_org_off_team",  # counsellor colleague in the same NAV office
    "other_org",  # counsellor in another NAV office
    "county_coordinator",
    "admin",
    "job_specialist",  # job specialist in the same NAV office, not on the team
]

# Rows: URL name → expected status per viewer, in the order of VIEWERS.
MATRIX = {
    #                           anon self  other tcons tnoc  tro   same  otho  county admin  spec
    # The operator's probe: no login, no personal data, the same answer for everyone.
    "health":                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # What Los stores and how it is made accessible: for everyone, before any login.
    "privacy_notice":           (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accessibility_statement":  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # A county coordinator lands on the reports; the admin without a role on a page that
    # says what the role does not give.
    "home":                     (302, 302, 302, 302, 302, 302, 302, 302, 302, 200, 302),
    "participant_list":         (302, 403, 403, 200, 200, 200, 200, 200, 403, 403, 200),
    "participant_register":     (302, 403, 403, 200, 200, 403, 200, 200, 403, 403, 200),
    "access_request_sent":      (302, 403, 403, 200, 200, 403, 200, 200, 403, 403, 200),
    "access_request_answer":    (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "participant_detail":       (302, 302, 404, 200, 200, 200, 404, 404, 404, 404, 404),
    "participant_edit_details": (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "team_add":                 (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "team_end":                 (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "consent_new":              (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "consent_withdraw":         (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "access_log":               (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "timeline":                 (302, 302, 404, 302, 302, 302, 404, 404, 404, 404, 404),
    "my_page":                  (302, 200, 200, 404, 404, 404, 404, 404, 404, 404, 404),
    # Everyone's own choice of notices; the unsubscribe link works without login (its signed
    # token is the authority) and only asks on GET.
    "notice_settings":          (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "notice_unsubscribe":       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "plan":                     (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "plan_create":              (302, 403, 404, 302, 302, 403, 404, 404, 404, 404, 404),
    "plan_pdf":                 (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "plan_edit":                (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "goal_new":                 (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "goal_edit":                (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "activity_new":             (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "activity_detail":          (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "activity_edit":            (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "activity_agree":           (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "notes":                    (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "note_new":                 (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "note_detail":              (302, 200, 404, 200, 404, 403, 404, 404, 404, 404, 404),
    "note_addendum":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "note_share":               (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "dialogue":                 (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "thread_new":               (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "thread_detail":            (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meetings":                 (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meeting_new":              (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meeting_detail":           (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meeting_edit":             (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meeting_cancel":           (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "meeting_reply":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "meeting_minutes":          (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "meeting_calendar":         (302, 200, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "saved_filter_new":         (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "saved_filter_delete":      (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "pathway":                  (302, 200, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "enrolment_new":            (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "career_profile":           (302, 200, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "disclosure_plan":          (302, 200, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "stage_change":             (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "enrolment_pause":          (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "enrolment_resume":         (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "enrolment_end":            (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "job_new":                  (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "job_edit":                 (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "education_new":            (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "education_edit":           (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "support_new":              (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "report_new":               (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "report_detail":            (302, 200, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "report_share":             (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "report_pdf":               (302, 200, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    "measures":                 (302, 200, 404, 403, 200, 403, 404, 404, 404, 404, 404),
    "measure_plan":             (302, 403, 404, 403, 200, 403, 404, 404, 404, 404, 404),
    # Nothing is planned for the participant in this world: they answer only what is.
    "measure_answer":           (302, 404, 404, 403, 200, 403, 404, 404, 404, 404, 404),
    "safety_task_handle":       (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "schedule_stop":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "response_fhir":            (302, 404, 404, 403, 404, 403, 404, 404, 404, 404, 404),
    "instrument_list":          (302, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200),
    "instrument_fhir":          (302, 403, 403, 200, 200, 200, 200, 200, 200, 200, 200),
    "review_list":              (302, 403, 403, 200, 200, 200, 200, 200, 200, 403, 200),
    "review_new":               (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    # A finished review of NAV Bodø: its staff and the system roles read it, no one else.
    "review_detail":            (302, 404, 404, 200, 404, 404, 200, 404, 200, 404, 200),
    "review_pdf":               (302, 404, 404, 200, 404, 404, 200, 404, 200, 404, 200),
    "service_history":          (302, 403, 403, 200, 404, 404, 200, 404, 200, 403, 200),
    "employer_list":            (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "employer_new":             (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "employer_detail":          (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "employer_contact_new":     (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    # Reports: a service's staff (the office runs the world's enrolment) and the county
    # coordinator; everyone else, participants too, gets 404. Every role in the demo is in
    # tests/web/test_report_permissions.py.
    "results_home":             (302, 404, 404, 200, 404, 404, 200, 404, 200, 404, 200),
    # The county's report and its downloads: the county coordinator only.
    "results":                  (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "results_csv":              (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "results_xlsx":             (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "results_pdf":              (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "specialist_week":          (302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    # The plans' measures: the county coordinator reads them and writes their county's part;
    # to anyone who works with participants they do not exist. Every demo role in
    # tests/actionplans/test_permissions.py.
    "actionplan_list":          (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "actionplan_measures":      (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "measure_detail":           (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "measure_report":           (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "yearly_report":            (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "yearly_report_pdf":        (302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    # The public page of sick-leave checkpoints: no login, nothing about anyone.
    "sickleave_deadlines":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The sickness case with Bygg AS: NAV and health on the team, the participant, and the
    # employer contact from Bygg AS (dates and checkpoints, never the diagnosis).
    "sickleave_cases":          (302, 200, 404, 200, 200, 200, 404, 404, 404, 404, 404),
    "sickleave_case":           (302, 200, 404, 200, 200, 200, 404, 404, 404, 404, 404),
    "sick_note_new":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "activity_requirement":     (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    # The user's own sickness cases across their participants: whoever has a caseload.
    "sickleave_overview":       (302, 403, 403, 200, 200, 200, 200, 200, 403, 403, 200),
    # The employer's follow-up plan: everyone who sees the case reads it.
    "follow_up_plan":           (302, 200, 404, 200, 200, 200, 404, 404, 404, 404, 404),
    # The service directory is public: no login, no personal data, the same for everyone.
    "offer_list":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "offer_detail":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Keeping offers: staff of an organisation that offers services, and the county
    # coordinator; not participants, an employer's staff or an admin without a role.
    "offer_manage":             (302, 403, 403, 200, 200, 403, 200, 200, 200, 403, 200),
    "offer_new":                (302, 403, 403, 200, 200, 403, 200, 200, 200, 403, 200),
    # An offer of NAV Bodø: its staff and Nordland's county coordinator change it.
    "offer_edit":               (302, 403, 403, 200, 403, 403, 200, 403, 200, 403, 200),
    # Referrals on the participant's record: the team and the participant see them (each
    # filtered by the team rule); care roles on the team refer.
    "referrals":                (302, 200, 404, 200, 200, 200, 404, 404, 404, 404, 404),
    "referral_new":             (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "referral_withdraw":        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    # The receiving side: anyone in a care role has a list; the world's referral is to NAV
    # Tromsø, so only its counsellor (off the team) opens it.
    "referral_inbox":           (302, 403, 403, 200, 200, 403, 200, 200, 403, 403, 200),
    "referral_answer":          (302, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404),
}  # fmt: skip

# Where a POST is answered differently from a GET (POST-only actions).
POST_MATRIX = {
    #                           anon self  other tcons tnoc  tro   same  otho  county admin  spec
    # Care roles on the team answer a request to join it; the requester (a colleague in the
    # same office) and everyone else off the team get the 404.
    "access_request_answer":    (302, 403, 404, 302, 302, 403, 404, 404, 404, 404, 404),
    "activity_agree":           (302, 403, 404, 302, 302, 403, 404, 404, 404, 404, 404),
    "note_addendum":            (302, 403, 404, 302, 404, 403, 404, 404, 404, 404, 404),
    "note_share":               (302, 403, 404, 302, 404, 403, 404, 404, 404, 404, 404),
    "meeting_cancel":           (302, 403, 404, 302, 302, 403, 404, 404, 404, 404, 404),
    "meeting_reply":            (302, 302, 404, 302, 403, 403, 404, 404, 404, 404, 404),
    "saved_filter_new":         (302, 403, 403, 302, 302, 302, 302, 302, 403, 403, 302),
    "saved_filter_delete":      (302, 403, 403, 302, 302, 302, 302, 302, 403, 403, 302),
    "report_share":             (302, 403, 404, 302, 403, 403, 404, 404, 404, 404, 404),
    # The policy answers first; an allowed user without a note is sent back with an error.
    "safety_task_handle":       (302, 403, 404, 403, 302, 403, 404, 404, 404, 404, 404),
    # No schedule with this id: the policy answers first, then «not found» (403).
    "schedule_stop":            (302, 403, 404, 403, 403, 403, 404, 404, 404, 404, 404),
    # Only administrators and programme managers import; a POST without a file is re-shown.
    "instrument_list":          (302, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    # Only the review's own reviewers write in it.
    "review_detail":            (302, 404, 404, 403, 404, 404, 403, 404, 403, 404, 403),
    # Pages that only show: a POST is refused before anything else is asked.
    "actionplan_list":          (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "actionplan_measures":      (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "measure_detail":           (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "yearly_report":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "yearly_report_pdf":        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    # Care roles from NAV and health open cases and write notes (a bad form is shown again);
    # only NAV assesses the activity requirement.
    "sickleave_cases":          (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "sick_note_new":            (302, 403, 404, 200, 200, 403, 404, 404, 404, 404, 404),
    "activity_requirement":     (302, 403, 404, 200, 403, 403, 404, 404, 404, 404, 404),
    # The employee, the employer contact and NAV write it (a form without a review date is
    # shown again); the GP reads it only.
    "follow_up_plan":           (302, 200, 404, 200, 403, 200, 404, 404, 404, 404, 404),
    "offer_list":               (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "offer_detail":             (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "offer_manage":             (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "referral_withdraw":        (302, 403, 404, 302, 302, 403, 404, 404, 404, 404, 404),
    "referral_inbox":           (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
}  # fmt: skip

WRITE_URLS = [
    "participant_register",
    "access_request_answer",
    "participant_edit_details",
    "team_add",
    "team_end",
    "consent_new",
    "consent_withdraw",
    "plan_create",
    "plan_edit",
    "goal_new",
    "goal_edit",
    "activity_new",
    "activity_edit",
    "activity_agree",
    "note_new",
    "note_addendum",
    "note_share",
    "thread_new",
    "thread_detail",
    "meeting_new",
    "meeting_edit",
    "meeting_cancel",
    "meeting_reply",
    "meeting_minutes",
    "saved_filter_new",
    "saved_filter_delete",
    "enrolment_new",
    "career_profile",
    "disclosure_plan",
    "stage_change",
    "enrolment_pause",
    "enrolment_resume",
    "enrolment_end",
    "job_new",
    "job_edit",
    "education_new",
    "education_edit",
    "support_new",
    "report_new",
    "report_detail",
    "report_share",
    "measure_plan",
    "measure_answer",
    "safety_task_handle",
    "schedule_stop",
    "instrument_list",
    "review_new",
    "review_detail",
    "employer_new",
    "employer_detail",
    "employer_contact_new",
    "measure_report",
    "sickleave_cases",
    "sick_note_new",
    "activity_requirement",
    "follow_up_plan",
    "offer_new",
    "offer_edit",
    "referral_new",
    "referral_withdraw",
    "referral_answer",
]


INSTRUMENT_URLS = {"instrument_list", "instrument_fhir"}
FIDELITY_URLS = {"review_list", "review_new", "review_detail", "review_pdf", "service_history"}


def _finished_review(world):
    """A finished IPS-25 review of NAV Bodø by a reviewer who is none of the viewers."""
    existing = Review.objects.filter(organisation=world.nav_office).first()
    if existing:
        return existing
    install_fidelity_scales(FidelityScale, FidelityItem)
    reviewer = staff_user(world.regional, Role.FIDELITY_REVIEWER)
    review = Review.objects.create(
        organisation=world.nav_office,
        scale=FidelityScale.objects.get(code="ips-25"),
        review_date=world.enrolment.referral_date,
        period_start=world.enrolment.referral_date,
        period_end=world.enrolment.referral_date,
        phase=ReviewPhase.FINAL,
        total=100,
        band="god IPS",
        created_by=reviewer,
    )
    Reviewer.objects.create(review=review, user=reviewer)
    return review


EMPLOYER_URLS = {
    "employer_list",
    "employer_new",
    "employer_detail",
    "employer_contact_new",
    "specialist_week",
}
ENROLMENT_URLS = {
    "stage_change",
    "enrolment_pause",
    "enrolment_resume",
    "enrolment_end",
    "job_new",
    "education_new",
    "support_new",
    "report_new",
}


SICK_LEAVE_CASE_URLS = {
    "sickleave_case",
    "sick_note_new",
    "activity_requirement",
    "follow_up_plan",
}


def _sickness_case(world):
    """Sara's sick leave from Bygg AS, the employer contact's workplace: one graded note,
    still running, with its diagnosis chapter (health information)."""
    from los.sickleave.models import SicknessCase, SickNote

    case, created = SicknessCase.objects.get_or_create(
        participant=world.participant, employer=world.employer, defaults={"created_by": world.gp}
    )
    if created:
        SickNote.objects.create(
            case=case,
            start=world.enrolment.referral_date,
            end=world.enrolment.referral_date + datetime.timedelta(days=120),
            grade=50,
            written_by="gp",
            diagnosis_chapter="P",
            created_by=world.gp,
        )
    return case


REPORT_URLS = {"results_home", "results", "results_csv", "results_xlsx", "results_pdf"}


def _report_url(world, name):
    if name == "results_home":
        return reverse(name)
    return reverse(name, kwargs={"level": "county", "code": world.nav_office.county.number})


def _viewer_user(world, viewer):
    return {
        "anonymous": None,
        "participant_self": world.participant_user,
        "other_participant": world.other_participant_user,
        "team_with_consent": world.counsellor,
        "team_without_consent": world.gp,
        "team_read_only": world.employer_contact,
        "same_org_off_team": world.colleague,
        "other_org": world.outsider,
        "county_coordinator": world.county_coordinator,
        "admin": world.admin,
        "job_specialist": world.job_specialist,
    }[viewer]


def _waiting_request(world):
    """The colleague in the same office has asked to join the participant's team."""
    from los.participants.models import AccessRequest

    return AccessRequest.objects.get_or_create(
        participant=world.participant,
        requester=world.colleague,
        organisation=world.nav_office,
        role=Role.COUNSELLOR,
    )[0]


ACTION_PLAN_URLS = {
    "actionplan_list",
    "actionplan_measures",
    "measure_detail",
    "measure_report",
    "yearly_report",
    "yearly_report_pdf",
}


def _action_plan_url(world, name):
    """Measure 10 of 2013–2016 (IPS); the report on the county coordinator's county's part
    for 2014."""
    kwargs = {} if name == "actionplan_list" else {"plan_code": "2013-2016"}
    if name in {"measure_detail", "measure_report"}:
        kwargs["number"] = "10"
    if name.startswith("yearly_report"):
        kwargs["year"] = 2014
    url = reverse(name, kwargs=kwargs)
    if name == "measure_report":
        url += f"?periode=2014&fylke={world.regional.county.number}"
    return url


DIRECTORY_URLS = {"offer_list", "offer_detail", "offer_manage", "offer_new", "offer_edit"}


def _offer(world):
    """An open IPS offer of NAV Bodø for Bodø."""
    from los.directory.models import Offer
    from tests.factories import MunicipalityFactory

    offer = Offer.objects.filter(organisation=world.nav_office).first()
    if offer is None:
        offer = Offer.objects.create(
            organisation=world.nav_office,
            kind="ips",
            name="IPS i Bodø",
            target_group="Alle som vil jobbe.",
            how_to_refer="Snakk med NAV-veilederen.",
            routes=["nav", "health"],
            phone="55 55 33 33",
        )
        offer.municipalities.set([MunicipalityFactory()])
    return offer


REFERRAL_URLS = {"referrals", "referral_new", "referral_withdraw", "referral_answer"}


def _referral(world):
    """The counsellor has referred the participant to IPS at NAV Tromsø (which reads work
    and education, its own sector's): it waits for an answer."""
    from los.directory.models import Offer, Referral

    existing = Referral.objects.filter(participant=world.participant).first()
    if existing:
        return existing
    offer = Offer.objects.create(
        organisation=world.other_nav,
        kind="ips",
        name="IPS Tromsø",
        target_group="Alle som vil jobbe.",
        how_to_refer="NAV-veilederen henviser.",
        routes=["nav"],
        phone="77 00 00 00",
        reads=[Category.EMPLOYMENT],
    )
    return Referral.objects.create(
        participant=world.participant,
        offer=offer,
        sent_by=world.counsellor,
        sent_by_role=Role.COUNSELLOR,
        sent_by_organisation=world.nav_office,
        reason="Vil prøve jobb i Tromsø.",
        categories=[Category.EMPLOYMENT],
    )


def _url(world, name):
    if name in REFERRAL_URLS:
        referral = _referral(world)
        if name == "referral_answer":
            return reverse(name, kwargs={"referral_id": referral.pk})
        kwargs = {"public_id": world.participant.public_id}
        if name == "referral_withdraw":
            kwargs["referral_id"] = referral.pk
        return reverse(name, kwargs=kwargs)
    if name in DIRECTORY_URLS:
        if name in {"offer_detail", "offer_edit"}:
            return reverse(name, kwargs={"offer_id": _offer(world).pk})
        return reverse(name)
    if name in ACTION_PLAN_URLS:
        return _action_plan_url(world, name)
    participant = world.participant
    kwargs = {}
    if name == "access_request_answer":
        kwargs["request_id"] = _waiting_request(world).pk
    if name.startswith("meeting_") and name != "meeting_new":
        kwargs["meeting_id"] = world.meeting.pk
    if name == "saved_filter_delete":
        kwargs["filter_id"] = world.saved_filter.pk
    if name in ENROLMENT_URLS:
        kwargs["enrolment_id"] = world.enrolment.pk
    if name == "job_edit":
        kwargs["job_id"] = world.job.pk
    if name == "education_edit":
        kwargs["education_id"] = world.education.pk
    if name in {"report_detail", "report_share", "report_pdf"}:
        kwargs["report_id"] = world.report.pk
    if name == "report_pdf":
        kwargs["number"] = 1
    if name == "employer_detail":
        kwargs["employer_id"] = world.pathway_employer.pk
    if name in {"measure_answer", "instrument_fhir"}:
        kwargs["instrument_id"] = Instrument.objects.order_by("pk").first().pk
    if name == "safety_task_handle":
        kwargs["task_id"] = 0
    if name == "schedule_stop":
        kwargs["schedule_id"] = 0
    if name == "response_fhir":
        kwargs["response_id"] = 0
    if name in SICK_LEAVE_CASE_URLS | {"sickleave_cases", "sickleave_overview"}:
        case = _sickness_case(world)
        if name in SICK_LEAVE_CASE_URLS:
            kwargs["case_id"] = case.pk
    if name == "notice_unsubscribe":
        from los.notifications.services import unsubscribe_token

        return reverse(name, kwargs={"token": unsubscribe_token(world.participant_user)})
    if name == "notice_settings":
        return reverse(name)
    if name in {"review_detail", "review_pdf"}:
        kwargs["review_id"] = _finished_review(world).pk
    if name == "service_history":
        kwargs.update(organisation_id=_finished_review(world).organisation_id, scale_code="ips-25")
    if name in EMPLOYER_URLS | INSTRUMENT_URLS | FIDELITY_URLS:
        return reverse(name, kwargs=kwargs)
    if name in REPORT_URLS:
        return _report_url(world, name)
    if name not in {
        "health",
        "privacy_notice",
        "accessibility_statement",
        "home",
        "participant_list",
        "participant_register",
        "access_request_sent",
        "my_page",
        "saved_filter_new",
        "saved_filter_delete",
        "sickleave_deadlines",
        "sickleave_overview",
        "referral_inbox",
    }:
        kwargs["public_id"] = participant.public_id
    if name == "team_end":
        kwargs["membership_id"] = CareTeamMembership.objects.get(
            participant=participant, user=world.therapist
        ).pk
    if name == "thread_detail":
        kwargs["thread_id"] = world.thread.pk
    if name in {"note_detail", "note_addendum", "note_share"}:
        kwargs["note_id"] = world.nav_note.pk
    if name == "goal_edit":
        kwargs["goal_id"] = world.goal.pk
    if name in {"activity_detail", "activity_edit", "activity_agree"}:
        kwargs["activity_id"] = world.activity.pk
    if name == "consent_withdraw":
        kwargs["consent_id"] = Consent.objects.get(
            participant=participant, category=Category.HEALTH_SUMMARY
        ).pk
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix():
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}

    assert names == set(MATRIX)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_answers_as_the_matrix_says(client, world, name, viewer):
    user = _viewer_user(world, viewer)
    if user is not None:
        client.force_login(user)

    response = client.get(_url(world, name))

    assert response.status_code == MATRIX[name][VIEWERS.index(viewer)]


# Allowed viewers post real input in test_forms; here everyone else tries.
def _post_expected(name, viewer):
    return POST_MATRIX.get(name, MATRIX[name])[VIEWERS.index(viewer)]


def _allowed_to_write(name, viewer):
    """Signed in, and answered with the form (200) or sent on after acting (302)."""
    return viewer != "anonymous" and _post_expected(name, viewer) in {200, 302}


REFUSED_WRITES = [
    (name, viewer)
    for name in WRITE_URLS
    for viewer in VIEWERS
    if not _allowed_to_write(name, viewer)
]


@pytest.mark.parametrize(("name", "viewer"), REFUSED_WRITES)
def test_post_by_someone_not_allowed_changes_nothing(client, world, name, viewer):
    expected = _post_expected(name, viewer)
    user = _viewer_user(world, viewer)
    if user is not None:
        client.force_login(user)
    changes_before = ChangeLogEntry.objects.count()

    response = client.post(
        _url(world, name), {"end_date": "2026-01-01", "purpose": "x", "email": "a@b.no"}
    )

    assert response.status_code == expected
    assert ChangeLogEntry.objects.count() == changes_before


@pytest.mark.parametrize(
    "viewer", ["same_org_off_team", "other_org", "county_coordinator", "admin"]
)
def test_outsiders_leave_no_trace_of_reading(client, world, viewer):
    client.force_login(_viewer_user(world, viewer))

    client.get(_url(world, "participant_detail"))
    client.get(reverse("participant_list") + "?q=Sara")

    assert AccessLogEntry.objects.filter(participant=world.participant).count() == 0


def test_search_by_outsider_does_not_find_the_participant(client, world):
    client.force_login(world.colleague)

    response = client.get(reverse("participant_list"), {"q": "Sara Deltaker"})

    assert str(world.participant.public_id) not in response.content.decode()
    assert response.context["rows"] == []


def test_search_by_national_id_finds_only_own_participants(client, world):
    number = world.participant.national_id
    client.force_login(world.colleague)
    outsider_page = client.get(reverse("participant_list"), {"q": number}).content.decode()
    client.force_login(world.counsellor)
    member_page = client.get(reverse("participant_list"), {"q": number}).content.decode()

    link = str(world.participant.public_id)
    assert (link in outsider_page, link in member_page) == (False, True)


def test_employer_contact_does_not_learn_about_treatment(client, world):
    client.force_login(world.employer_contact)

    page = client.get(_url(world, "participant_detail")).content.decode()

    assert "Salten DPS" not in page
    assert "Sentrum legekontor" not in page
    assert world.participant.national_id not in page
    assert "Sara Deltaker" in page


def test_national_id_is_shown_to_care_roles_on_the_team(client, world):
    client.force_login(world.gp)

    page = client.get(_url(world, "participant_detail")).content.decode()

    assert world.participant.national_id in page


def test_a_caseload_longer_than_a_page_is_paged(client, world):
    from tests.factories import ParticipantFactory, add_to_team

    for _ in range(51):
        add_to_team(ParticipantFactory(), world.colleague, world.nav_office, Role.COUNSELLOR)
    client.force_login(world.colleague)

    first = client.get(reverse("participant_list"))
    second = client.get(reverse("participant_list"), {"side": 2})

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)
    assert first.context["page"].paginator.count == 51
    assert "side=2" in first.content.decode()
