"""The sick-leave pages: the public checkpoint page, and who sees what of a sickness case
(the employer contact sees the dates and never the diagnosis)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.core.vocabulary import Category
from los.sickleave.models import SicknessCase, SickNote
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date
# The diagnosis as the notes table shows it (the note form's list of chapters aside).
DIAGNOSIS_CELL = '<td data-label="Diagnosekapittel">P Psykisk</td>'


def test_the_public_page_shows_each_checkpoint_with_its_date_meaning_and_source(client):
    response = client.get(reverse("sickleave_deadlines"), {"first_day": "2026-01-05"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "søndag 1. februar 2026" in page  # the follow-up plan
    assert "søndag 22. februar 2026" in page  # dialogue meeting 1
    assert "søndag 1. mars 2026" in page  # the activity requirement
    assert "søndag 5. juli 2026" in page  # dialogue meeting 2
    assert "fredag 1. januar 2027" in page  # the maximum date
    assert "Arbeidsmiljøloven § 4-6 fjerde ledd" in page
    assert "https://lovdata.no/lov/2005-06-17-62/§4-6" in page
    assert "senest innen sju uker skal arbeidsgiveren" in page.lower()


def test_the_public_page_takes_a_graded_period_with_an_end(client):
    response = client.get(
        reverse("sickleave_deadlines"),
        {"first_day": "05.01.2026", "last_day": "2026-02-28", "grade": "10"},
    )

    page = response.content.decode()
    # Days below 20 % give no sickness-benefit days.
    assert "Sykmeldt 10 prosent." in page
    assert "Sykmeldt til og med 28. februar 2026." in page
    # Every weekday from 21 January to 27 February (28) is at 10 %: none counts, and the
    # count starts again on Monday 2 March: 28 weekdays after Friday 1 January 2027.
    assert "onsdag 10. februar 2027" in page


def test_the_public_page_takes_a_change_of_grade(client):
    # 10 % from 5 January, 100 % from 1 March: the same days below 20 % as above.
    response = client.get(
        reverse("sickleave_deadlines"),
        {
            "first_day": "2026-01-05",
            "grade": "10",
            "change_day": "2026-03-01",
            "change_grade": "100",
        },
    )

    page = response.content.decode()
    assert "Fra 1. mars 2026: 100 prosent." in page
    assert "onsdag 10. februar 2027" in page


def test_the_public_page_counts_across_the_leap_day_2028(client):
    response = client.get(reverse("sickleave_deadlines"), {"first_day": "2028-01-10"})

    assert "søndag 5. mars 2028" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"first_day": ""}, "Skriv første dag med sykmelding."),
        ({"first_day": "31.02.2026"}, "Skriv en gyldig dato, for eksempel 31.12.2026."),
        (
            {"first_day": "2026-03-01", "last_day": "2026-02-01"},
            "Siste dag kan ikke være før første dag.",
        ),
        ({"first_day": "2026-03-01", "grade": "150"}, "Sykmeldingsgraden må være fra 1 til 100"),
        (
            {"first_day": "2026-03-01", "change_day": "2026-04-01"},
            "Skriv den nye sykmeldingsgraden.",
        ),
        (
            {"first_day": "2026-03-01", "change_day": "2026-03-01", "change_grade": "50"},
            "Datoen graden endres må være etter første dag.",
        ),
    ],
)
def test_the_public_page_says_what_is_wrong(client, query, error):
    response = client.get(reverse("sickleave_deadlines"), query)

    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "Fristene når første sykedag er" not in page


def test_the_public_page_stores_nothing_and_needs_no_login(client):
    before = (AccessLogEntry.objects.count(), ChangeLogEntry.objects.count())

    response = client.get(reverse("sickleave_deadlines"), {"first_day": "2026-09-07"})

    assert response.status_code == 200
    assert "søndag 25. oktober 2026" in response.content.decode()  # the day summer time ends
    assert (AccessLogEntry.objects.count(), ChangeLogEntry.objects.count()) == before
    assert "no-store" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert (
        client.post(reverse("sickleave_deadlines"), {"first_day": "2026-01-05"}).status_code == 405
    )


@pytest.fixture
def case(world):
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    SickNote.objects.create(
        case=case,
        start=D(2026, 1, 5),
        end=D(2026, 3, 31),
        grade=100,
        graded_not_used_reason="Trenger ro i behandlingen de første ukene.",
        written_by="gp",
        diagnosis_chapter="P",
        created_by=world.gp,
    )
    return case


def _case_page(client, user, world, case):
    client.force_login(user)
    response = client.get(reverse("sickleave_case", args=[world.participant.public_id, case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_employer_contact_sees_the_dates_but_never_the_diagnosis(client, world, case):
    page = _case_page(client, world.employer_contact, world, case)

    assert "5.1.2026–31.3.2026" in page
    assert "søndag 22. februar 2026" in page
    assert "P Psykisk" not in page
    assert "Diagnosekapittel" not in page
    assert "Trenger ro i behandlingen" not in page
    assert "Aktivitetskravet</h2>" not in page
    # The plan's meetings are not the employer's to list (they see those they are invited to).
    assert "Dialogmøter og andre møter" not in page
    assert not AccessLogEntry.objects.filter(category=Category.HEALTH_SUMMARY).exists()


def test_a_consent_to_the_employer_does_not_open_the_diagnosis(client, world, case):
    from tests.factories import give_consent

    give_consent(world.participant, world.employer, Category.HEALTH_SUMMARY, world.counsellor)

    page = _case_page(client, world.employer_contact, world, case)

    assert "P Psykisk" not in page


def test_the_employer_contact_does_not_see_a_case_with_another_employer(client, world, case):
    other = SicknessCase.objects.create(
        participant=world.participant,
        employer=OrganisationFactory(name="Butikk AS", kind="employer"),
        created_by=world.gp,
    )
    client.force_login(world.employer_contact)

    refused = client.get(reverse("sickleave_case", args=[world.participant.public_id, other.pk]))
    listing = client.get(reverse("sickleave_cases", args=[world.participant.public_id]))

    assert refused.status_code == 403
    assert "Butikk AS" not in listing.content.decode()
    assert "Bygg AS" in listing.content.decode()


@pytest.mark.parametrize("viewer", ["counsellor", "gp", "participant_user"])
def test_nav_health_and_the_participant_see_the_diagnosis_logged_as_health(
    client, world, case, viewer
):
    # The counsellor through the participant's consent, the GP in the health sector.
    page = _case_page(client, getattr(world, viewer), world, case)

    assert DIAGNOSIS_CELL in page
    assert "Trenger ro i behandlingen" in page
    assert "Dialogmøter og andre møter" in page
    logged = set(
        AccessLogEntry.objects.filter(user=getattr(world, viewer)).values_list("category", "what")
    )
    assert logged == {
        (Category.CORE, "sykefraværssak"),
        (Category.EMPLOYMENT, "sykefraværssak"),
        (Category.HEALTH_SUMMARY, "diagnosekapittel i sykmelding"),
    }


def test_a_counsellor_without_consent_sees_the_case_but_not_the_diagnosis(client, world, case):
    from los.participants.models import Consent

    Consent.objects.filter(participant=world.participant).delete()

    page = _case_page(client, world.counsellor, world, case)

    assert "5.1.2026–31.3.2026" in page
    assert DIAGNOSIS_CELL not in page
    assert "Diagnosekapittel</th>" not in page


def test_the_gp_adds_a_note_and_a_bad_one_is_refused(client, world, case):
    client.force_login(world.gp)
    url = reverse("sick_note_new", args=[world.participant.public_id, case.pk])
    fields = {"start": "2026-04-01", "end": "2026-04-30", "grade": "50", "written_by": "gp"}

    refused = client.post(url, fields | {"end": "2026-03-15"})
    clash = client.post(url, fields | {"start": "2026-03-20"})
    saved = client.post(url, fields)

    assert "Sykmeldingen kan ikke slutte før den begynner." in refused.content.decode()
    assert "Sykmeldingen overlapper med sykmeldingen 5.1.2026–31.3.2026" in clash.content.decode()
    assert saved.status_code == 302
    assert list(case.notes.values_list("grade", flat=True)) == [100, 50]


def test_nav_records_the_activity_requirement(client, world, case):
    client.force_login(world.counsellor)
    url = reverse("activity_requirement", args=[world.participant.public_id, case.pk])

    refused = client.post(url, {"status": "exception"})
    saved = client.post(url, {"status": "exception", "exception_reason": "medical"})

    assert "Velg grunnen til unntaket." in refused.content.decode()
    assert saved.status_code == 302
    page = _case_page(client, world.counsellor, world, case)
    assert "Status: unntak." in page
    assert "Unntak: medisinske grunner." in page


def test_a_case_is_opened_with_an_employer(client, world):
    client.force_login(world.counsellor)
    url = reverse("sickleave_cases", args=[world.participant.public_id])

    empty = client.get(url)
    saved = client.post(url, {"employer": world.employer.pk})

    assert "Ingen sykefravær er registrert." in empty.content.decode()
    case = SicknessCase.objects.get(participant=world.participant)
    assert saved["Location"] == reverse(
        "sickleave_case", args=[world.participant.public_id, case.pk]
    )
    assert client.post(url, {"employer": world.nav_office.pk}).status_code == 200
    assert SicknessCase.objects.count() == 1


def test_the_employer_contact_writes_the_follow_up_plan_and_a_stale_edit_is_refused(
    client, world, case
):
    url = reverse("follow_up_plan", args=[world.participant.public_id, case.pk])
    fields = {
        "employee_tasks": "Prøve lette oppgaver to dager i uka.",
        "employer_tasks": "Skjerme for telefonvakt.",
        "adjustments": "Fast plass på lageret, kortere dager.",
        "review_date": "2026-02-15",
    }
    client.force_login(world.employer_contact)

    missing = client.post(url, {**fields, "review_date": ""})
    created = client.post(url, fields)
    changed = client.post(
        url, {**fields, "employer_tasks": "Også fri til behandling.", "version": 1}
    )
    stale = client.post(url, {**fields, "employer_tasks": "Gammel versjon", "version": 1})

    assert "Skriv når planen skal evalueres." in missing.content.decode()
    assert (created.status_code, changed.status_code) == (302, 302)
    assert "Noen andre har endret dette siden du åpnet skjemaet." in stale.content.decode()
    plan = case.plan
    plan.refresh_from_db()
    assert (plan.version, plan.employer_tasks) == (2, "Også fri til behandling.")
    assert list(
        ChangeLogEntry.objects.filter(object_type="sickleave.followupplan").values_list(
            "action", "actor"
        )
    ) == [
        ("sickleave.plan_create", world.employer_contact.pk),
        ("sickleave.plan_change", world.employer_contact.pk),
    ]
    # The participant reads what the employer wrote; the GP reads it but may not write.
    client.force_login(world.participant_user)
    assert "Også fri til behandling." in client.get(url).content.decode()
    client.force_login(world.gp)
    read = client.get(url).content.decode()
    assert "Også fri til behandling." in read
    assert "Lagre planen" not in read
    assert client.post(url, fields).status_code == 403
