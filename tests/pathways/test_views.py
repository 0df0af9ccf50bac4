"""The pathway pages: what each viewer sees, what is logged, bad input kept, and fixed
query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, Basis, ChangeLogEntry
from los.core.vocabulary import Category, Role
from los.participants.services import consent_withdraw
from los.pathways.models import (
    ContactPurpose,
    CounsellorReport,
    Employer,
    EmployerContact,
    EmploymentForm,
    Enrolment,
    Job,
    PassivePeriod,
    ReportKind,
)
from tests.factories import (
    ParticipantFactory,
    add_to_team,
    count_queries,
    employer_contact_for,
    give_consent,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def _url(world, name="pathway", **kwargs):
    return reverse(name, kwargs={"public_id": world.participant.public_id, **kwargs})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_participant_sees_their_jobs_without_the_methods_words(client, world):
    client.force_login(world.participant_user)

    page = _text(client.get(_url(world)))

    assert "Lagermedarbeider" in page
    for staff_words in ("Nøkkeltall", "onkurranseutsatt", "aktive dager"):
        assert staff_words not in page


def test_care_staff_see_the_whole_pathway_with_indicators_and_why_a_job_counts(client, world):
    client.force_login(world.counsellor)

    page = _text(client.get(_url(world)))

    assert "IPS – individuell jobbstøtte" in page
    assert "Lagermedarbeider" in page and "Konkurranseutsatt jobb" in page
    # Started 50 days ago, a competitive job from 10 days ago, never paused.
    assert (
        "Første konkurranseutsatte jobb</dt><dd>40 dager etter oppstart, ingen passive dager"
        in page
    )
    assert "Timer per uke nå</dt><dd>20 <span" in page
    assert AccessLogEntry.objects.filter(
        user=world.counsellor, category=Category.EMPLOYMENT, what="arbeid og utdanning"
    ).exists()


def test_employer_contact_sees_only_what_the_participant_chose_and_not_after_withdrawal(
    client, world
):
    client.force_login(world.employer_contact)
    assert client.get(_url(world)).status_code == 403  # no consent yet

    consent = give_consent(world.participant, world.employer, Category.EMPLOYMENT, world.counsellor)
    page = _text(client.get(_url(world)))

    assert "At jeg får oppfølging fra en jobbspesialist" in page
    assert "Jeg får oppfølging fra NAV." in page
    assert "Lagermedarbeider" in page  # the job at their own organisation
    for hidden in ("Diagnosen min", "angsten", "Butikk", "IPS", "konkurranseutsatt"):
        assert hidden not in page
    entry = AccessLogEntry.objects.get(user=world.employer_contact)
    assert (entry.basis, entry.consent, entry.what) == (
        Basis.CONSENT,
        consent,
        "det deltakeren har valgt å dele",
    )
    assert client.get(_url(world, "career_profile")).status_code == 403

    consent_withdraw(access=_self_access(world), consent_id=consent.pk)

    assert client.get(_url(world)).status_code == 403


def _self_access(world):
    from los.access.policy import load_access

    return load_access(world.participant_user, world.participant)


def test_the_participant_sees_their_own_pathway_and_edits_the_disclosure_plan(client, world):
    client.force_login(world.participant_user)
    assert "Lagermedarbeider" in _text(client.get(_url(world)))

    response = client.post(
        _url(world, "disclosure_plan"),
        {
            "version": 1,
            "may_contact_employers": "nei",
            "to_employer": "",
            "not_to_share": "Ingenting om helsen",
            "agreed_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 302
    assert ChangeLogEntry.objects.filter(
        action="disclosure_plan.saved", actor=world.participant_user
    ).exists()


def test_a_job_with_end_before_start_keeps_what_was_typed(client, world):
    client.force_login(world.counsellor)
    before = Job.objects.count()

    response = client.post(
        _url(world, "job_new", enrolment_id=world.enrolment.pk),
        {
            "employer": world.pathway_employer.pk,
            "title": "Kokk på kantina",
            "start_date": "2026-05-10",
            "end_date": "2026-05-01",
            "hours_per_week": "-3",
            "employment_form": EmploymentForm.TEMPORARY,
            "paid": "ja",
            "ordinary_wage": "ja",
            "open_to_anyone": "ja",
        },
    )

    page = _text(response)
    assert response.status_code == 200
    assert "Kokk på kantina" in page
    assert "Sluttdatoen kan ikke være før startdatoen." in page or "må være" in page
    assert Job.objects.count() == before


def test_hours_are_typed_with_a_decimal_comma_and_shown_back_with_one(client, world):
    client.force_login(world.counsellor)
    job = {
        "employer": world.pathway_employer.pk,
        "title": "Truckfører på lageret",
        "start_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "employment_form": EmploymentForm.TEMPORARY,
        "paid": "ja",
        "ordinary_wage": "ja",
        "open_to_anyone": "ja",
    }
    url = _url(world, "job_new", enrolment_id=world.enrolment.pk)

    refused = client.post(url, {**job, "hours_per_week": "sju"})
    assert "Skriv et tall med sifre, for eksempel 7,5." in _text(refused)
    assert 'inputmode="decimal"' in _text(refused) and 'value="sju"' in _text(refused)
    assert not Job.objects.filter(title="Truckfører på lageret").exists()

    assert client.post(url, {**job, "hours_per_week": "7,5"}).status_code == 302
    assert Job.objects.get(title="Truckfører på lageret").hours_per_week == Decimal("7.5")


def test_a_bad_orgnr_gives_a_clear_error_and_keeps_the_name(client, world):
    client.force_login(world.job_specialist)

    response = client.post(
        reverse("employer_new"), {"name": "Fiskebruket AS", "orgnr": "123456789"}
    )

    page = _text(response)
    assert "Kontrollsifferet i organisasjonsnummeret stemmer ikke." in page
    assert "Fiskebruket AS" in page
    assert not Employer.objects.filter(name="Fiskebruket AS").exists()


def test_the_whole_enrolment_flow_through_the_forms(client, world):
    client.force_login(world.counsellor)
    ams_id = _programme_id("ams")
    response = client.post(
        _url(world, "enrolment_new"),
        {
            "programme": ams_id,
            "responsible": world.counsellor.pk,
            "referral_date": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "referral_source": "gp",
            "main_goal": "work",
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(programme_id=ams_id)
    mapping = enrolment.programme.stages.get(code="mapping")

    response = client.post(
        _url(world, "stage_change", enrolment_id=enrolment.pk),
        {"version": enrolment.version, "stage": mapping.pk, "from_date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.stage, enrolment.start_date) == (mapping, TODAY)

    stale = client.post(
        _url(world, "enrolment_end", enrolment_id=enrolment.pk),
        {"version": 1, "end_date": TODAY.isoformat(), "cause": "moved", "note": "Flyttet sørover"},
    )
    assert "Noen andre har endret" in _text(stale) and "Flyttet sørover" in _text(stale)

    response = client.post(
        _url(world, "enrolment_end", enrolment_id=enrolment.pk),
        {"version": enrolment.version, "end_date": TODAY.isoformat(), "cause": "moved"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.end_cause == "moved"


def _programme_id(code):
    from los.pathways.models import Programme

    return Programme.objects.get(code=code).pk


def test_the_week_counts_face_to_face_contacts_and_names_only_own_participants(client, world):
    add_to_team(world.participant, world.job_specialist, world.nav_office, Role.JOB_SPECIALIST)
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    for n, face_to_face in enumerate([True, True, False]):
        EmployerContact.objects.create(
            specialist=world.job_specialist,
            organisation=world.nav_office,
            employer=world.pathway_employer,
            contact_date=monday,
            face_to_face=face_to_face,
            in_field=face_to_face,
            minutes=30 * (n + 1),  # 30, 60 in the field; 90 at the desk
            purpose=ContactPurpose.JOB_DEVELOPMENT,
            enrolment=world.enrolment if n == 0 else None,
        )
    client.force_login(world.job_specialist)

    response = client.get(reverse("specialist_week") + f"?uke={monday.isoformat()}")

    week = response.context["week"]
    assert (week.face_to_face, week.field_share) == (2, 50)
    assert "Sara Deltaker" in _text(response)
    assert (
        AccessLogEntry.objects.filter(
            user=world.job_specialist, participant=world.participant, what="arbeidsgiverlogg"
        ).count()
        == 1
    )


def test_a_job_offers_to_close_the_plans_open_job_search_and_the_read_is_logged(client, world):
    """Sara holds a job (begun ten days ago) and «Søke på tre butikkjobber» is still open."""
    client.force_login(world.counsellor)

    page = _text(client.get(_url(world)))

    assert "Planen kan trenge en oppdatering" in page
    edit = reverse("activity_edit", args=[world.participant.public_id, world.activity.pk])
    assert f'<a href="{edit}">Avslutt «Søke på tre butikkjobber»</a>' in page
    assert "Samtaleterapi" not in page  # only the job-seeking kinds
    read = AccessLogEntry.objects.filter(user=world.counsellor, participant=world.participant)
    assert set(read.values_list("category", flat=True)) == {Category.EMPLOYMENT, Category.PLAN}

    Job.objects.filter(enrolment=world.enrolment).update(start_date=TODAY + datetime.timedelta(1))
    assert "Planen kan trenge" not in _text(client.get(_url(world)))  # a planned job is no job

    Job.objects.filter(enrolment=world.enrolment).update(start_date=TODAY)
    world.activity.status = "done"
    world.activity.save()
    assert "Planen kan trenge" not in _text(client.get(_url(world)))


def test_the_participant_is_not_asked_to_close_staff_activities(client, world):
    client.force_login(world.participant_user)

    assert "Planen kan trenge" not in _text(client.get(_url(world)))


def test_pathway_page_queries_do_not_grow_with_the_record(client, world):
    client.force_login(world.counsellor)
    one = count_queries(client, _url(world))
    for n in range(5):
        job = Job.objects.create(
            enrolment=world.enrolment,
            employer=Employer.objects.create(name=f"Firma {n}", created_by=world.counsellor),
            title=f"Jobb {n}",
            start_date=TODAY,
            hours_per_week=10,
            employment_form=EmploymentForm.ON_CALL,
            paid=True,
            ordinary_wage=True,
            open_to_anyone=True,
            created_by=world.counsellor,
        )
        EmployerContact.objects.create(
            specialist=world.counsellor,
            organisation=world.nav_office,
            employer=job.employer,
            contact_date=TODAY,
            face_to_face=True,
            in_field=True,
            purpose=ContactPurpose.FOLLOW_UP,
            enrolment=world.enrolment,
        )
        CounsellorReport.objects.create(
            enrolment=world.enrolment,
            kind=ReportKind.INTERVAL,
            period_start=TODAY,
            period_end=TODAY,
            created_by=world.counsellor,
            updated_by=world.counsellor,
        )

    assert count_queries(client, _url(world)) == one == PATHWAY_PAGE_QUERIES


# With a job held and a job search open: the plan's open job-seeking activities, and their read
# in the access log.
PATHWAY_PAGE_QUERIES = 24  # the page's reads logged in one insert


def test_employer_list_and_week_queries_do_not_grow(client, world):
    client.force_login(world.job_specialist)

    def add_contacts(count):
        for n in range(count):
            _add_contact(world, n)

    add_contacts(1)
    list_one = count_queries(client, reverse("employer_list"))
    week_one = count_queries(client, reverse("specialist_week"))
    add_contacts(20)

    assert count_queries(client, reverse("employer_list")) == list_one == EMPLOYER_LIST_QUERIES
    assert count_queries(client, reverse("specialist_week")) == week_one == WEEK_QUERIES


EMPLOYER_LIST_QUERIES = 10
WEEK_QUERIES = 14


def _add_contact(world, n):
    participant = ParticipantFactory()
    add_to_team(participant, world.job_specialist, world.nav_office, Role.JOB_SPECIALIST)
    employer = Employer.objects.create(name=f"Firma {n}", created_by=world.job_specialist)
    EmployerContact.objects.create(
        specialist=world.job_specialist,
        organisation=world.nav_office,
        employer=employer,
        contact_date=TODAY,
        face_to_face=True,
        in_field=False,
        purpose=ContactPurpose.RELATIONSHIP,
        enrolment=Enrolment.objects.create(
            participant=participant,
            programme=world.enrolment.programme,
            organisation=world.nav_office,
            job_specialist=world.job_specialist,
            referral_date=TODAY,
            referral_source="nav",
            main_goal="work",
            stage=world.enrolment.stage,
            stage_since=TODAY,
            created_by=world.job_specialist,
        ),
    )


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "0001-01-07"])
def test_a_week_at_the_end_of_the_calendar_gives_a_page(client, world, week):
    """The week page adds days to the date in the address; at the calendar's ends that
    would leave the dates Python knows."""
    client.force_login(world.job_specialist)

    response = client.get(reverse("specialist_week"), {"uke": week})

    assert response.status_code == 200


def test_an_overlapping_pause_is_refused_in_the_form_and_the_page_never_shows_negative_days(
    client, world
):
    # Started day -50; paused day -40 to day -20. A pause from day -37 would overlap it:
    # before this rule the page showed a negative day count with the «in time» tag.
    client.force_login(world.counsellor)
    for url, data in [
        ("enrolment_pause", {"from_date": _ago(40), "reason": "Syk", "follow_up": _ago(-14)}),
        ("enrolment_resume", {"day": _ago(20)}),
    ]:
        version = Enrolment.objects.get(pk=world.enrolment.pk).version
        response = client.post(
            _url(world, url, enrolment_id=world.enrolment.pk), {"version": version, **data}
        )
        assert response.status_code == 302
    version = Enrolment.objects.get(pk=world.enrolment.pk).version

    response = client.post(
        _url(world, "enrolment_pause", enrolment_id=world.enrolment.pk),
        {"version": version, "from_date": _ago(37), "reason": "Ny innleggelse",
         "follow_up": _ago(-14)},
    )  # fmt: skip

    page = _text(response)
    assert response.status_code == 200
    last_day = TODAY - datetime.timedelta(days=20)
    assert (
        f"Løpet var på pause til {last_day:%-d.%-m.%Y}. En ny pause kan tidligst starte den dagen."
        in page
    )
    assert "Ny innleggelse" in page  # what was typed is kept
    assert Enrolment.objects.get(pk=world.enrolment.pk).version == version
    assert PassivePeriod.objects.filter(enrolment=world.enrolment).count() == 1

    # A face-to-face contact on day -3 is day 47 from the start, 20 of them passive.
    employer_contact_for(world, TODAY - datetime.timedelta(days=3))
    page = _text(client.get(_url(world)))
    assert "47 dager etter oppstart: 20 av dem passive, 27 aktive dager" in page
    assert all(int(n) >= 0 for n in re.findall(r"(-?\d+) (?:aktive )?dager", page))
