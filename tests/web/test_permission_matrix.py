"""Every URL × every kind of user, with data present that could leak.

Columns (VIEWERS): anonymous, the participant, another participant, a participant with a
strictly confidential address (kode 6), the system administrator; then every `Role` once on
Sara's team and once off it (same organisation as the one on the team, or their kind's
organisation), and a counsellor in another NAV office who follows another participant.
A system role "on the team" has a membership row that no form can make: it must still
reach nothing, since system roles work with aggregates only.

Rows (MATRIX): every URL name in los.web.urls with real ids of real rows, and a few
variants (`name@variant`) for objects of another organisation or another participant:
`note_detail@clinical` is the DPS's clinical note (organisation-scoped: the GP, also health,
must not read it), `@other_participant` puts another participant's row under Sara's
address, `review_detail@other_org` is a review of another NAV office.

Each row is a string of one letter per column (spaces only group them):
  2 = 200 shown, 3 = 302 sent elsewhere (login, or the participant's own page),
  F = 403 on the team but the role may not, N = 404 the participant (or the row) does not
  exist for this user, M = 405 a POST-only action asked with GET.

The world is built once per module (one transaction, rolled back at the end); each case
runs in a savepoint of its own. A refused write is checked by the row count of every table
before and after (`_row_counts`), not by the change log alone.

The world's consents: NAV Bodø may see the health summary; Bygg AS (the employer contact's
workplace) work and education (so the disclosed part only); the municipal mental health
service work and education (its coordinator runs the pathway by consent); the GP practice
had work and education and withdrew it.
"""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from los.advice.models import AdviceQuestion
from los.core.vocabulary import Category, OrganisationKind, ProtectedAddress, Role
from los.directory.models import Offer, Referral
from los.fidelity.models import FidelityItem, FidelityScale, Review, Reviewer, ReviewPhase
from los.fidelity.scales import install_fidelity_scales
from los.followup.models import Channel, ContactNote, Thread
from los.measures.models import Instrument, Response, ResponseStatus, SafetyTask, Schedule
from los.notifications.services import unsubscribe_token
from los.participants.models import AccessRequest, CareTeamMembership, Consent
from los.sickleave.models import DialogueMeeting, DialogueTask, SicknessCase, SickNote
from los.sickleave.vocabulary import CheckpointKind, Party
from los.web import urls as web_urls
from tests.conftest import build_world
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    add_to_team,
    give_consent,
    staff_user,
)

pytestmark = pytest.mark.django_db

ROLES = list(Role)
FIRST = ["anonymous", "self", "other_participant", "kode6", "admin"]
VIEWERS = [*FIRST, *(f"{r}@team" for r in ROLES), *(f"{r}@off" for r in ROLES), "other_org"]
CODES = {"2": 200, "3": 302, "F": 403, "N": 404, "M": 405}

# Where each role works in this world (the one on the team and the one off it alike).
ROLE_HOMES = {
    Role.COUNSELLOR: "nav_office",
    Role.PILOT: "nav_office",
    Role.JOB_SPECIALIST: "nav_office",
    Role.IPS_SUPERVISOR: "nav_office",
    Role.THERAPIST: "dps",
    Role.GP: "gp_practice",
    Role.COORDINATOR: "municipal",
    Role.EMPLOYER_CONTACT: "employer",
    Role.REGIONAL_ADVISOR: "regional",
    Role.COUNTY_COORDINATOR: "regional",
    Role.PROGRAMME_MANAGER: "directorate",
    Role.FIDELITY_REVIEWER: "regional",
}

# Rows: URL name → one letter per viewer, grouped as in VIEWERS:
#   first five: anonymous, self, other participant, kode 6 participant, admin
#   on the team, then off it: counsellor, pilot, job specialist, method supervisor,
#   therapist, GP, coordinator, employer contact, regional advisor, county coordinator,
#   programme manager, fidelity reviewer; last: the other NAV office's counsellor.
MATRIX = {
    #                                 first on the team    off the team  other
    #                                 aSOKA cPjItgCeRyMf   cPjItgCeRyMf  O
    "access_log":                     "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    # Personal API keys: every staff member and the administrator, never a participant.
    "api_tokens":                     "3FFF2 222222222222 222222222222 2",
    "api_token_revoke":               "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    # A participant's download of their own data: theirs alone; staff have no own record.
    "my_data_download":               "3222N NNNNNNNNNNNN NNNNNNNNNNNN N",
    "access_request_answer":          "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "access_request_sent":            "3FFFF 222F222FFFFF 222F222FFFFF 2",
    "actionplan_list":                "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "actionplan_measures":            "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "activity_agree":                 "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "activity_detail":                "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "activity_edit":                  "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "activity_new":                   "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "career_profile":                 "32NNN 2222FF2FFNNN NNNNNNNNNNNN N",
    "consent_new":                    "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "consent_withdraw":               "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "dialogue":                       "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "disclosure_plan":                "32NNN 2222FF2FFNNN NNNNNNNNNNNN N",
    "education_edit":                 "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "education_new":                  "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "employer_contact_new":           "3FFFF F22FFFFFFFFF F22FFFFFFFFF F",
    "employer_detail":                "3FFFF F222FFFFFFFF F222FFFFFFFF F",
    "employer_list":                  "3FFFF F222FFFFFFFF F222FFFFFFFF F",
    "employer_new":                   "3FFFF F22FFFFFFFFF F22FFFFFFFFF F",
    "enrolment_end":                  "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "enrolment_new":                  "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "enrolment_pause":                "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "enrolment_resume":               "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "goal_edit":                      "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "goal_new":                       "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "health":                         "22222 222222222222 222222222222 2",
    "home":                           "33332 333333333332 333333333332 3",
    "instrument_fhir":                "3FFF2 222222222222 222222222222 2",
    "instrument_list":                "3FFF2 222222222222 222222222222 2",
    "job_edit":                       "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "job_new":                        "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "measure_answer":                 "32NNN FFFF222FFNNN NNNNNNNNNNNN N",
    "measure_detail":                 "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "measure_plan":                   "3FNNN FFFF222FFNNN NNNNNNNNNNNN N",
    "measure_report":                 "3NNNN NNNNNNNNF22N NNNNNNNNF22N N",
    "measures":                       "32NNN FFFF222FFNNN NNNNNNNNNNNN N",
    "meeting_calendar":               "32NNN 222N222FFNNN NNNNNNNNNNNN N",
    "meeting_cancel":                 "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "meeting_detail":                 "32NNN 222N222FFNNN NNNNNNNNNNNN N",
    "meeting_edit":                   "3FNNN 222N222FFNNN NNNNNNNNNNNN N",
    "meeting_minutes":                "3FNNN 222N222FFNNN NNNNNNNNNNNN N",
    "meeting_new":                    "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "meeting_reply":                  "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "meetings":                       "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "my_page":                        "3222N NNNNNNNNNNNN NNNNNNNNNNNN N",
    "my_timeline":                    "3222N NNNNNNNNNNNN NNNNNNNNNNNN N",
    "note_addendum":                  "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "note_addendum@clinical":         "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "note_detail":                    "32NNN 2222NNNFFNNN NNNNNNNNNNNN N",
    "note_detail@clinical":           "3NNNN NNNN2NNFFNNN NNNNNNNNNNNN N",
    "note_detail@other_participant":  "3NNNN NNNNNNNFFNNN NNNNNNNNNNNN N",
    "note_new":                       "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "note_share":                     "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "notes":                          "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "participant_detail":             "33NNN 222222222NNN NNNNNNNNNNNN N",
    "participant_edit_details":       "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "participant_list":               "3FFFF 222222222FFF 222222222FFF 2",
    "participant_register":           "3FFFF 222F222FFFFF 222F222FFFFF 2",
    "pathway":                        "32NNN 2222FF22FNNN NNNNNNNNNNNN N",
    "plan":                           "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "plan_create":                    "3FNNN 333F333FFNNN NNNNNNNNNNNN N",
    "plan_edit":                      "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "plan_pdf":                       "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "report_detail":                  "32NNN 2222FF2FFNNN NNNNNNNNNNNN N",
    "report_new":                     "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "report_pdf":                     "32NNN 2222FF2FFNNN NNNNNNNNNNNN N",
    "report_share":                   "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "response_fhir":                  "32NNN FFFF222FFNNN NNNNNNNNNNNN N",
    "results":                        "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "results_csv":                    "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "results_home":                   "3NNNN 2222NNNN222N 2222NNNN222N N",
    "results_pdf":                    "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "results_xlsx":                   "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "review_detail":                  "3NNNN 2222NNNNN222 2222NNNNN222 N",
    "review_detail@other_org":        "3NNNN NNNNNNNNN222 NNNNNNNNN222 2",
    "review_list":                    "3FFFF 222222222222 222222222222 2",
    "review_new":                     "3FFFF FFFFFFFFFFF2 FFFFFFFFFFF2 F",
    "review_pdf":                     "3NNNN 2222NNNNN222 2222NNNNN222 N",
    "safety_task_handle":             "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "saved_filter_delete":            "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "saved_filter_new":               "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "schedule_stop":                  "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "service_history":                "3FFFF 2222NNNNN222 2222NNNNN222 N",
    "specialist_week":                "3FFFF F22FFFFFFFFF F22FFFFFFFFF F",
    "stage_change":                   "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "support_new":                    "3FNNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "team_add":                       "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "team_end":                       "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "thread_detail":                  "32NNN 2222222FFNNN NNNNNNNNNNNN N",
    "thread_detail@other_participant": "3NNNN NNNNNNNFFNNN NNNNNNNNNNNN N",
    "thread_new":                     "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    "timeline":                       "33NNN 333333333NNN NNNNNNNNNNNN N",
    "yearly_report":                  "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    "yearly_report_pdf":              "3NNNN NNNNNNNN222N NNNNNNNN222N N",
    # About Los, before any login: the same page for everyone.
    "privacy_notice":                 "22222 222222222222 222222222222 2",
    "accessibility_statement":        "22222 222222222222 222222222222 2",
    # One's own choice of notices; the unsubscribe link works without login (a signed token).
    "notice_settings":                "32222 222222222222 222222222222 2",
    "notice_unsubscribe":             "22222 222222222222 222222222222 2",
    # Sick leave: the public page of checkpoints holds no one's data. Sara's case with Bygg AS
    # is seen by NAV and health on the team and by the employer contact from Bygg AS (dates
    # and checkpoints, never the diagnosis); not by the method supervisor or the regional
    # advisor. Notes and the activity requirement are POST only.
    "sickleave_deadlines":            "22222 222222222222 222222222222 2",
    "sickleave_cases":                "32NNN 222F2222FNNN NNNNNNNNNNNN N",
    "sickleave_case":                 "32NNN 222F2222FNNN NNNNNNNNNNNN N",
    "sick_note_new":                  "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "activity_requirement":           "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "follow_up_plan":                 "32NNN 222F2222FNNN NNNNNNNNNNNN N",
    # Dialogue meetings of the case: POST only.
    "dialogue_link":                  "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "dialogue_task_new":              "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "dialogue_task_mark":             "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    # One's own sickness cases across one's participants: every team role has the list.
    "sickleave_overview":             "3FFFF 222222222FFF 222222222FFF 2",
    "work_list":                      "3FFFF 222222222FFF 222222222FFF 2",
    # The service directory is public. Offers are kept by the staff of an organisation that
    # offers services and by the county coordinator: NAV Bodø's offer by NAV Bodø and Nordland's
    # coordinator. Not by participants, an employer or the directorate.
    "offer_list":                     "22222 222222222222 222222222222 2",
    "offer_detail":                   "22222 222222222222 222222222222 2",
    "offer_manage":                   "3FFFF 2222222F22F2 2222222F22F2 2",
    "offer_new":                      "3FFFF 2222222F22F2 2222222F22F2 2",
    "offer_import":                   "3FFFF 2222222F22F2 2222222F22F2 2",
    "offer_edit":                     "3FFFF 2222FFFFF2FF 2222FFFFF2FF F",
    # Referrals on Sara's record: the team and Sara see them (each by the team rule); care
    # roles refer. The referral waits for NAV Tromsø: only its counsellor answers it.
    "referrals":                      "32NNN 222222222NNN NNNNNNNNNNNN N",
    "referral_new":                   "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "referral_withdraw":              "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "referral_inbox":                 "3FFFF 222F222FFFFF 222F222FFFFF 2",
    "referral_answer":                "3NNNN NNNNNNNNNNNN NNNNNNNNNNNN 2",
    # Collaboration agreements: NAV Bodø and Salten DPS in Nordland. Nordland's county
    # coordinator keeps them; the parties' staff and the programme manager read them.
    "agreement_list":                 "3FFFF 22222F2FF22F 22222F2FF22F 2",
    "agreement_new":                  "3FFFF FFFFFFFFF2FF FFFFFFFFF2FF F",
    "agreement_detail":               "3NNNN 22222NNNN22N 22222NNNN22N N",
    "agreement_edit":                 "3NNNN FFFFFNNNN2FN FFFFFNNNN2FN N",
    "agreement_meeting_new":          "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    # Advice from the regional unit: NAV local care roles ask (anonymously, or named from the
    # record with consent); the counsellor's question to the regional unit is seen by the
    # asker and the regional unit's advisors, who alone see the queue.
    "advice_list":                    "3FFFF 222FFFFFFFFF 222FFFFFFFFF 2",
    "advice_new":                     "3FFFF 222FFFFFFFFF 222FFFFFFFFF 2",
    "advice_queue":                   "3FFFF FFFFFFFF2FFF FFFFFFFF2FFF F",
    "advice_detail":                  "3NNNN 2NNNNNNN2NNN NNNNNNNN2NNN N",
    "advice_named_new":               "3FNNN 222FFFFFFNNN NNNNNNNNNNNN N",
}  # fmt: skip

# Where a POST is answered differently from a GET.
POST_MATRIX = {
    #                                 first on the team    off the team  other
    #                                 aSOKA cPjItgCeRyMf   cPjItgCeRyMf  O
    "access_request_answer":          "3FNNN 333F333FFNNN NNNNNNNNNNNN N",
    "activity_agree":                 "3FNNN 333F333FFNNN NNNNNNNNNNNN N",
    "career_profile":                 "32NNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "consent_withdraw":               "33NNN 333F333FFNNN NNNNNNNNNNNN N",
    "disclosure_plan":                "32NNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "employer_detail":                "3FFFF F22FFFFFFFFF F22FFFFFFFFF F",
    "instrument_list":                "3FFF2 FFFFFFFFFF2F FFFFFFFFFF2F F",
    "measure_answer":                 "33NNN FFFF333FFNNN NNNNNNNNNNNN N",
    "meeting_cancel":                 "3FNNN 333N333FFNNN NNNNNNNNNNNN N",
    "meeting_reply":                  "33NNN 3FFN3FFFFNNN NNNNNNNNNNNN N",
    "note_addendum":                  "3FNNN 333FNNNFFNNN NNNNNNNNNNNN N",
    "note_addendum@clinical":         "3NNNN NNNN3NNFFNNN NNNNNNNNNNNN N",
    "note_share":                     "3FNNN 333FNNNFFNNN NNNNNNNNNNNN N",
    "report_detail":                  "32NNN 222FFF2FFNNN NNNNNNNNNNNN N",
    "report_share":                   "3FNNN 333FFF3FFNNN NNNNNNNNNNNN N",
    "review_detail":                  "3NNNN FFFFNNNNNFFF FFFFNNNNNFFF N",
    "safety_task_handle":             "3FNNN FFFF333FFNNN NNNNNNNNNNNN N",
    "saved_filter_delete":            "3FFFF 333333333FFF 333333333FFF 3",
    "saved_filter_new":               "3FFFF 333333333FFF 333333333FFF 3",
    "schedule_stop":                  "3FNNN FFFF333FFNNN NNNNNNNNNNNN N",
    "thread_detail":                  "32NNN 222F222FFNNN NNNNNNNNNNNN N",
    # The new services: POST-only actions and pages that only show.
    "privacy_notice":                 "MMMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "accessibility_statement":        "MMMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "sickleave_deadlines":            "MMMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "sickleave_cases":                "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "sickleave_case":                 "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "sick_note_new":                  "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "activity_requirement":           "3FNNN 222FFFFFFNNN NNNNNNNNNNNN N",
    "sickleave_overview":             "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "work_list":                      "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "follow_up_plan":                 "32NNN 222FFFF2FNNN NNNNNNNNNNNN N",
    "dialogue_link":                  "3FNNN 222F222FFNNN NNNNNNNNNNNN N",
    "dialogue_task_new":              "32NNN 222F2222FNNN NNNNNNNNNNNN N",
    "dialogue_task_mark":             "33NNN 333F3333FNNN NNNNNNNNNNNN N",
    "offer_list":                     "MMMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "offer_detail":                   "MMMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "offer_manage":                   "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "referrals":                      "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "referral_withdraw":              "3FNNN 333F333FFNNN NNNNNNNNNNNN N",
    "referral_inbox":                 "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "agreement_list":                 "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "agreement_detail":               "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "agreement_meeting_new":          "3NNNN 22222NNNN2FN 22222NNNN2FN N",
    "advice_list":                    "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
    "advice_queue":                   "3MMMM MMMMMMMMMMMM MMMMMMMMMMMM M",
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
    "note_addendum@clinical",
    "note_share",
    "thread_new",
    "thread_detail",
    "thread_detail@other_participant",
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
    "dialogue_link",
    "dialogue_task_new",
    "dialogue_task_mark",
    "offer_new",
    "offer_import",
    "offer_edit",
    "referral_new",
    "referral_withdraw",
    "referral_answer",
    "agreement_new",
    "agreement_edit",
    "agreement_meeting_new",
    "advice_new",
    "advice_detail",
    "advice_named_new",
]

# Written on purpose by a refused request: the refusal itself (docs/access.md).
WRITTEN_ON_REFUSAL = {"access_refusallogentry"}


def _codes(row: str) -> list[int]:
    return [CODES[letter] for letter in row.replace(" ", "")]


def _expected(name: str, viewer: str, *, post: bool = False) -> int:
    row = POST_MATRIX.get(name, MATRIX[name]) if post else MATRIX[name]
    return _codes(row)[VIEWERS.index(viewer)]


# --- The world --------------------------------------------------------------------------


def _finished_review(organisation, reviewer, day):
    review = Review.objects.create(
        organisation=organisation,
        scale=FidelityScale.objects.get(code="ips-25"),
        review_date=day,
        period_start=day,
        period_end=day,
        phase=ReviewPhase.FINAL,
        total=100,
        band="god IPS",
        created_by=reviewer,
    )
    Reviewer.objects.create(review=review, user=reviewer)
    return review


def _sickness_case(world):
    """Sara's sick leave from Bygg AS, the employer contact's workplace: one graded note,
    still running, with its diagnosis chapter (health information)."""
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    SickNote.objects.create(
        case=case,
        start=world.enrolment.referral_date,
        end=world.enrolment.referral_date + datetime.timedelta(days=120),
        grade=50,
        written_by="gp",
        diagnosis_chapter="P",
        created_by=world.gp,
    )
    world.dialogue_task = _dialogue_task(world, case)
    return case


def _dialogue_task(world, case):
    """Dialogue meeting 1 of the case (Sara's meeting), with one task for the employer."""
    dialogue = DialogueMeeting.objects.create(
        case=case,
        meeting=world.meeting,
        checkpoint=CheckpointKind.DIALOGUE_MEETING_1,
        linked_by=world.counsellor,
    )
    return DialogueTask.objects.create(
        dialogue=dialogue, party=Party.EMPLOYER, text="Skjerme for telefon", created_by=world.gp
    )


def _offer(world):
    """An open IPS offer of NAV Bodø for Bodø: its staff and Nordland's county coordinator
    keep it."""
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


def _agreement(world):
    """Nordland's agreement between NAV Bodø and Salten DPS, kept by the county
    coordinator, with one follow-up meeting."""
    from los.agreements.models import Agreement, FollowUpMeeting

    agreement = Agreement.objects.create(
        county=world.nav_office.county,
        title="Samarbeid i Salten",
        purpose="Flere i arbeid.",
        starts_on=datetime.date(2025, 1, 1),
        review_on=datetime.date(2027, 1, 1),
        created_by=world.county_coordinator,
    )
    agreement.parties.set([world.nav_office, world.dps])
    FollowUpMeeting.objects.create(
        agreement=agreement, held_on=datetime.date(2025, 6, 1), minutes="x", written_by=world.gp
    )
    return agreement


def _referral(world):
    """The counsellor has referred Sara to IPS at NAV Tromsø (which reads work and
    education, its own sector's): it waits for an answer from NAV Tromsø."""
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


def _build():
    return _extend(build_world())


def _extend(world):
    """Add to a World (tests/conftest.py) what the matrix asks about: a user for every
    column, the consents above, and real rows for every address. Other modules that ask
    the matrix (access logging, submissions) extend their own world the same way."""
    if hasattr(world, "viewers"):
        return world
    today = timezone.localdate()
    world.municipal = OrganisationFactory(
        name="Bodø psykisk helse", kind=OrganisationKind.MUNICIPAL_MENTAL_HEALTH
    )
    world.directorate = OrganisationFactory(name="Direktoratet", kind=OrganisationKind.DIRECTORATE)
    known_on = {
        Role.COUNSELLOR: world.counsellor,
        Role.THERAPIST: world.therapist,
        Role.GP: world.gp,
        Role.EMPLOYER_CONTACT: world.employer_contact,
    }
    known_off = {
        Role.COUNSELLOR: world.colleague,
        Role.JOB_SPECIALIST: world.job_specialist,
        Role.COUNTY_COORDINATOR: world.county_coordinator,
    }
    world.viewers = {"admin": world.admin, "other_org": world.outsider}
    world.viewers["self"] = world.participant_user
    world.viewers["other_participant"] = world.other_participant_user
    kode6_user = UserFactory(first_name="Kim", last_name="Skjermet")
    world.kode6 = ParticipantFactory(
        first_name="Kim",
        last_name="Skjermet",
        user=kode6_user,
        protected_address=ProtectedAddress.STRICTLY_CONFIDENTIAL,
    )
    add_to_team(world.kode6, world.outsider, world.other_nav, Role.COUNSELLOR)
    world.viewers["kode6"] = kode6_user
    for role in ROLES:
        organisation = getattr(world, ROLE_HOMES[role])
        on = known_on.get(role) or staff_user(organisation, role, last_name=f"{role} i teamet")
        if role not in known_on:
            add_to_team(world.participant, on, organisation, role)
        world.viewers[f"{role}@team"] = on
        world.viewers[f"{role}@off"] = known_off.get(role) or staff_user(
            organisation, role, last_name=f"{role} utenfor"
        )

    give_consent(world.participant, world.employer, Category.EMPLOYMENT, world.counsellor)
    give_consent(world.participant, world.municipal, Category.EMPLOYMENT, world.counsellor)
    give_consent(
        world.participant,
        world.gp_practice,
        Category.EMPLOYMENT,
        world.counsellor,
        withdrawn_at=timezone.now(),
        withdrawn_by=world.counsellor,
    )

    # Rows of another participant, to be asked for under Sara's address.
    world.other_note = ContactNote.objects.create(
        participant=world.other_participant,
        category=Category.NAV_CASE_NOTES,
        channel=Channel.PHONE,
        contact_date=today,
        text="Omar ringte om møtet.",
        shared_with_participant=True,
        author=world.outsider,
        author_role=Role.COUNSELLOR,
        author_organisation=world.other_nav,
    )
    world.other_thread = Thread.objects.create(
        participant=world.other_participant,
        subject="Omars spørsmål",
        last_message_at=timezone.now(),
        last_message_by=world.other_participant_user,
        last_message_from_participant=True,
    )

    # A questionnaire planned by the GP, answered by Sara, with a safety item to follow up.
    instrument = Instrument.objects.order_by("pk").first()
    world.instrument = instrument
    world.schedule = Schedule.objects.create(
        participant=world.participant,
        instrument=instrument,
        first_due=today,
        created_by=world.gp,
    )
    world.response = Response.objects.create(
        participant=world.participant,
        instrument=instrument,
        schedule=world.schedule,
        status=ResponseStatus.COMPLETED,
        total=12,
        answered_by=world.participant_user,
        completed_on=today,
        completed_at=timezone.now(),
    )
    world.safety_task = SafetyTask.objects.create(
        participant=world.participant,
        response=world.response,
        assigned_to=world.gp,
        items=["9"],
    )

    install_fidelity_scales(FidelityScale, FidelityItem)
    reviewer = staff_user(world.regional, Role.FIDELITY_REVIEWER)
    world.review = _finished_review(world.nav_office, reviewer, world.enrolment.referral_date)
    world.other_review = _finished_review(world.other_nav, reviewer, today)
    world.access_request = AccessRequest.objects.create(
        participant=world.participant,
        requester=world.colleague,
        organisation=world.nav_office,
        role=Role.COUNSELLOR,
    )
    world.team_end_membership = CareTeamMembership.objects.get(
        participant=world.participant, user=world.therapist
    )
    world.sickness_case = _sickness_case(world)
    world.offer = _offer(world)
    world.referral = _referral(world)
    world.agreement = _agreement(world)
    world.advice_question = AdviceQuestion.objects.create(
        asked_by=world.counsellor,
        asked_by_role=Role.COUNSELLOR,
        asked_by_organisation=world.nav_office,
        organisation=world.regional,
        asked_at=timezone.now(),
        question="Hvordan følger vi opp en som er sykmeldt og vil prøve jobb?",
    )
    world.consent_to_withdraw = Consent.objects.get(
        participant=world.participant,
        organisation=world.nav_office,
        category=Category.HEALTH_SUMMARY,
    )
    return world


@pytest.fixture(scope="module")
def mworld(django_db_setup, django_db_blocker):
    """The world, built once for the module; every test's own changes are rolled back in
    its savepoint, and the world itself at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = _build()
        # Each viewer signed in once: a case sends that session's cookie instead of signing
        # in again (the session row outlives the cases; what a case writes to it does not).
        world.sessions = {}
        for viewer in VIEWERS[1:]:
            signed_in = Client()
            signed_in.force_login(world.viewers[viewer])
            world.sessions[viewer] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        # Every case starts from this state (its own changes are rolled back), so this is
        # the "before" of every refused write.
        world.row_counts = _row_counts()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The writing pace and the login lockout count per user in the cache: each case
    starts with none, as it would with a world of its own."""
    cache.clear()


# --- Addresses --------------------------------------------------------------------------

WITHOUT_PARTICIPANT = {
    "health",
    "api_tokens",
    "api_token_revoke",
    "my_data_download",
    "home",
    "participant_list",
    "participant_register",
    "access_request_sent",
    "my_page",
    "my_timeline",
    "saved_filter_new",
    "saved_filter_delete",
    "employer_list",
    "employer_new",
    "employer_detail",
    "employer_contact_new",
    "specialist_week",
    "instrument_list",
    "instrument_fhir",
    "review_list",
    "review_new",
    "review_detail",
    "review_pdf",
    "service_history",
    "privacy_notice",
    "accessibility_statement",
    "notice_settings",
    "notice_unsubscribe",
    "sickleave_deadlines",
    "sickleave_overview",
    "work_list",
    "offer_list",
    "offer_detail",
    "offer_manage",
    "offer_new",
    "offer_import",
    "offer_edit",
    "referral_inbox",
    "referral_answer",
    "agreement_list",
    "agreement_new",
    "agreement_detail",
    "agreement_edit",
    "agreement_meeting_new",
    "advice_list",
    "advice_new",
    "advice_queue",
    "advice_detail",
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
REPORT_URLS = {"results", "results_csv", "results_xlsx", "results_pdf"}
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


def _ids(world, name: str, variant: str) -> dict:
    """The real ids each address names (the row of another participant for that variant)."""
    other = variant == "other_participant"
    note = world.clinical_note if variant == "clinical" else world.nav_note
    review = world.other_review if variant == "other_org" else world.review
    ids = {
        "request_id": world.access_request.pk,
        "meeting_id": world.meeting.pk,
        "filter_id": world.saved_filter.pk,
        "enrolment_id": world.enrolment.pk,
        "job_id": world.job.pk,
        "education_id": world.education.pk,
        "report_id": world.report.pk,
        "number": 1,
        "employer_id": world.pathway_employer.pk,
        "instrument_id": world.instrument.pk,
        "task_id": world.safety_task.pk,
        "schedule_id": world.schedule.pk,
        "response_id": world.response.pk,
        "review_id": review.pk,
        "organisation_id": world.review.organisation_id,
        "scale_code": "ips-25",
        "membership_id": world.team_end_membership.pk,
        "thread_id": (world.other_thread if other else world.thread).pk,
        "note_id": (world.other_note if other else note).pk,
        "goal_id": world.goal.pk,
        "activity_id": world.activity.pk,
        "consent_id": world.consent_to_withdraw.pk,
        "case_id": world.sickness_case.pk,
        "offer_id": world.offer.pk,
        "referral_id": world.referral.pk,
        "agreement_id": world.agreement.pk,
        "question_id": world.advice_question.pk,
        "token": unsubscribe_token(world.participant_user),
        "token_id": 1,
    }
    if name == "dialogue_task_mark":
        ids["task_id"] = world.dialogue_task.pk
    if name not in WITHOUT_PARTICIPANT:
        ids["public_id"] = world.participant.public_id
    return ids


def _url(world, key: str) -> str:
    _extend(world)
    name, _, variant = key.partition("@")
    if name in ACTION_PLAN_URLS:
        return _action_plan_url(world, name)
    if name in REPORT_URLS:
        return reverse(name, kwargs={"level": "county", "code": world.nav_office.county.number})
    ids = _ids(world, name, variant)
    pattern = next(p for p in web_urls.urlpatterns if getattr(p, "name", None) == name)
    wanted = set(pattern.pattern.converters)
    return reverse(name, kwargs={k: v for k, v in ids.items() if k in wanted})


def _row_counts() -> dict[str, int]:
    """The number of rows in every table of every model, in one query."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)} - WRITTEN_ON_REFUSAL
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {quote(table)}"  # noqa: S608 - model table names
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def _viewer_user(world, viewer):
    return None if viewer == "anonymous" else _extend(world).viewers[viewer]


def _login(client, world, viewer):
    if viewer != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[viewer]


# --- The tests --------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern)}

    assert names == {key.partition("@")[0] for key in MATRIX}
    assert set(POST_MATRIX) <= set(MATRIX)
    assert set(WRITE_URLS) <= set(MATRIX)


def test_every_row_has_a_letter_for_every_viewer():
    assert {key: len(_codes(row)) for key, row in MATRIX.items()} == dict.fromkeys(
        MATRIX, len(VIEWERS)
    )
    assert all(len(_codes(row)) == len(VIEWERS) for row in POST_MATRIX.values())


def test_every_role_has_a_column_on_the_team_and_off_it(mworld):
    for role in Role:
        on, off = mworld.viewers[f"{role}@team"], mworld.viewers[f"{role}@off"]
        assert on.staff_roles.filter(role=role, active=True).exists()
        assert off.staff_roles.filter(role=role, active=True).exists()
        assert CareTeamMembership.objects.filter(participant=mworld.participant, user=on).exists()
        assert not CareTeamMembership.objects.filter(
            participant=mworld.participant, user=off
        ).exists()


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_get_answers_as_the_matrix_says(client, mworld, key, viewer):
    _login(client, mworld, viewer)

    response = client.get(_url(mworld, key))

    assert response.status_code == _expected(key, viewer)


def _allowed_to_write(key, viewer):
    """Signed in, and answered with the form (200) or sent on after acting (302): real
    input from those is tested in test_forms."""
    return viewer != "anonymous" and _expected(key, viewer, post=True) in {200, 302}


REFUSED_WRITES = [
    (key, viewer)
    for key in WRITE_URLS
    if key in MATRIX
    for viewer in VIEWERS
    if not _allowed_to_write(key, viewer)
]


@pytest.mark.parametrize(("key", "viewer"), REFUSED_WRITES)
def test_post_by_someone_not_allowed_changes_nothing(client, mworld, key, viewer):
    _login(client, mworld, viewer)

    response = client.post(
        _url(mworld, key), {"end_date": "2026-01-01", "purpose": "x", "email": "a@b.no"}
    )

    assert response.status_code == _expected(key, viewer, post=True)
    assert _row_counts() == mworld.row_counts


def test_a_case_writes_in_its_own_savepoint_only(client, mworld):
    """The snapshot sees a read's log row; the next case finds the world as built again."""
    _login(client, mworld, "counsellor@team")
    client.get(_url(mworld, "participant_detail"))  # writes an access-log row

    assert _row_counts() != mworld.row_counts


def test_the_world_is_back_after_a_case(mworld):
    assert _row_counts() == mworld.row_counts


def test_the_row_count_snapshot_sees_a_write(mworld):
    """The snapshot above would notice a row written anywhere."""
    before = _row_counts()

    give_consent(mworld.participant, mworld.dps, Category.PLAN, mworld.counsellor)

    after = _row_counts()
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {
        Consent._meta.db_table: 1
    }


@pytest.mark.parametrize(
    "viewer", ["counsellor@off", "other_org", "county_coordinator@off", "admin", "kode6"]
)
def test_outsiders_leave_no_trace_of_reading(client, mworld, viewer):
    from los.access.models import AccessLogEntry

    _login(client, mworld, viewer)

    client.get(_url(mworld, "participant_detail"))
    client.get(reverse("participant_list") + "?q=Sara")

    assert AccessLogEntry.objects.filter(participant=mworld.participant).count() == 0


def test_search_by_outsider_does_not_find_the_participant(client, mworld):
    client.force_login(mworld.colleague)

    response = client.get(reverse("participant_list"), {"q": "Sara Deltaker"})

    assert str(mworld.participant.public_id) not in response.content.decode()
    assert response.context["rows"] == []


def test_search_by_national_id_finds_only_own_participants(client, mworld):
    number = mworld.participant.national_id
    client.force_login(mworld.colleague)
    outsider_page = client.get(reverse("participant_list"), {"q": number}).content.decode()
    client.force_login(mworld.counsellor)
    member_page = client.get(reverse("participant_list"), {"q": number}).content.decode()

    link = str(mworld.participant.public_id)
    assert (link in outsider_page, link in member_page) == (False, True)


def test_employer_contact_does_not_learn_about_treatment(client, mworld):
    client.force_login(mworld.employer_contact)

    page = client.get(_url(mworld, "participant_detail")).content.decode()

    assert "Salten DPS" not in page
    assert "Sentrum legekontor" not in page
    assert mworld.participant.national_id not in page
    assert "Sara Deltaker" in page


def test_national_id_is_shown_to_care_roles_on_the_team(client, mworld):
    client.force_login(mworld.gp)

    page = client.get(_url(mworld, "participant_detail")).content.decode()

    assert mworld.participant.national_id in page


def test_a_caseload_longer_than_a_page_is_paged(client, mworld):
    for _ in range(51):
        add_to_team(ParticipantFactory(), mworld.colleague, mworld.nav_office, Role.COUNSELLOR)
    client.force_login(mworld.colleague)

    first = client.get(reverse("participant_list"))
    second = client.get(reverse("participant_list"), {"side": 2})

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)
    assert first.context["page"].paginator.count == 51
    assert "side=2" in first.content.decode()


def test_the_world_has_rows_of_its_own_and_of_others(mworld):
    """The variants ask for real rows: no id 0, nothing that is simply not there."""
    assert mworld.clinical_note.author_organisation == mworld.dps
    assert mworld.other_note.participant == mworld.other_participant
    assert mworld.other_review.organisation == mworld.other_nav
    assert mworld.safety_task.participant == mworld.participant
    assert mworld.schedule.participant == mworld.participant
