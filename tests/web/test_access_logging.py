"""Every page that shows a participant's data writes an access-log row saying who, in what
role, for which organisation, what, and on what basis."""

import pytest
from django.urls import reverse

from los.access.models import AccessLogEntry, Basis
from los.access.policy import load_access
from los.core.vocabulary import Role
from tests.web.test_permission_matrix import MATRIX, _expected, _url

pytestmark = pytest.mark.django_db

PAGES_WITH_PARTICIPANT_DATA = [
    name
    for name in MATRIX
    if name
    not in {
        "home",
        "participant_list",
        "participant_register",
        "access_request_sent",
        "access_request_answer",
        "my_page",
        # One's own choice of notices, and unsubscribing from them: no participant data.
        "notice_settings",
        "notice_unsubscribe",
        # One's own API keys: no participant data.
        "api_tokens",
        "api_token_revoke",
        "plan_create",
        # Instruments and fidelity reviews are about scales and services, not people.
        "instrument_list",
        "instrument_fhir",
        "review_list",
        "review_new",
        "review_detail",
        "review_pdf",
        "service_history",
        # The plans' measures and the reports on them are about programmes, not people.
        "actionplan_list",
        "actionplan_measures",
        "measure_detail",
        "measure_report",
        "yearly_report",
        "yearly_report_pdf",
        # The service directory is about services, not people.
        "offer_list",
        "offer_detail",
        "offer_manage",
        "offer_new",
        "offer_import",
        "offer_edit",
        # The receiving side of referrals is off the team: its reads are logged on the
        # referral's basis (tests/directory/test_referrals.py).
        "referral_inbox",
        "referral_answer",
        # Collaboration agreements are about services, not people (docs/agreements.md).
        "agreement_list",
        "agreement_new",
        "agreement_detail",
        "agreement_edit",
        "agreement_meeting_new",
        # Advice: the world's question is anonymous (no participant); the reads of a named
        # one are logged by its page (tests/advice).
        "advice_list",
        "advice_new",
        "advice_queue",
        "advice_detail",
        # The operator's health check holds no personal data and logs nothing.
        "health",
        # The privacy notice and the accessibility statement are about Los, not a person.
        "privacy_notice",
        "accessibility_statement",
        # The public page of sick-leave checkpoints: typed dates, no one's data, no log.
        "sickleave_deadlines",
        # Reports hold counts, never a person: their reads are in the report log
        # (tests/web/test_report_permissions.py).
        "results_home",
        "results",
        "results_csv",
        "results_xlsx",
        "results_pdf",
    }
]


@pytest.mark.parametrize(
    "name",
    [n for n in PAGES_WITH_PARTICIPANT_DATA if _expected(n, "counsellor@team") == 200],
)
def test_staff_page_writes_an_access_log_row(client, world, name):
    client.force_login(world.counsellor)
    access = load_access(world.counsellor, world.participant)

    response = client.get(_url(world, name))

    assert response.status_code == 200
    entries = list(AccessLogEntry.objects.filter(participant=world.participant))
    assert entries, "the page showed participant data without logging it"
    for entry in entries:
        assert (entry.user, entry.role, entry.organisation) == (
            world.counsellor,
            Role.COUNSELLOR,
            world.nav_office,
        )
        assert (entry.user_name, entry.organisation_name) == ("Kari Veileder", "NAV Bodø")
        assert entry.basis == access.decide(entry.category).basis


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in MATRIX
        if _expected(n, "self") == 200 and (n in PAGES_WITH_PARTICIPANT_DATA or n == "my_page")
    ],
)
def test_participants_own_pages_are_logged_as_self(client, world, name):
    client.force_login(world.participant_user)

    client.get(_url(world, name) if name != "my_page" else reverse("my_page"))

    assert set(
        AccessLogEntry.objects.filter(participant=world.participant).values_list("basis", "user")
    ) == {(Basis.SELF, world.participant_user.pk)}


def test_search_logs_one_row_per_participant_shown(client, world):
    client.force_login(world.counsellor)

    client.get(reverse("participant_list"))

    assert list(AccessLogEntry.objects.values_list("participant", "what")) == [
        (world.participant.pk, "søketreff")
    ]


def test_participant_reads_who_looked_in_plain_norwegian(client, world):
    client.force_login(world.therapist)
    client.get(_url(world, "participant_detail"))
    client.force_login(world.participant_user)

    page = client.get(reverse("access_log", args=[world.participant.public_id])).content.decode()

    assert "Lise Behandler, behandler, Salten DPS, så grunnopplysningene dine" in page


def test_participant_does_not_see_own_reads_in_the_log(client, world):
    client.force_login(world.participant_user)
    client.get(reverse("my_page"))

    page = client.get(reverse("access_log", args=[world.participant.public_id]))

    assert list(page.context["page"].object_list) == []
