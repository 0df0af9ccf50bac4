"""The fidelity figures through disclosure control: a service's own staff see them exactly;
reviewers, the county coordinator and the directorate see every count of people under 5 as
●, and no median or share resting on fewer (docs/disclosure-control.md). One dated service,
worked out by hand, with figures on both sides of the threshold."""

import datetime
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from los.access.policy import sees_exact_figures
from los.core.vocabulary import OrganisationKind, Role
from los.fidelity import services
from los.fidelity.figures import service_figures
from los.fidelity.models import DataKey, FidelityItem, FidelityScale
from los.fidelity.queries import review_view
from los.fidelity.scales import install_fidelity_scales
from los.fidelity.services import ItemRating
from los.pathways.models import (
    ContactPurpose,
    Employer,
    EmployerContact,
    EmploymentForm,
    Enrolment,
    Job,
    SupportContact,
    SupportWith,
)
from tests.factories import OrganisationFactory, ParticipantFactory, staff_user

# The first-contact figure of the dated service below, for its own staff and for others.
EXACT_FIRST_CONTACT = (
    "Median 25 dager fra oppstart (25 uten passive dager). 3 av 8 innen fristen på 30 dager, "
    "4 uten kontakt ennå."
)
HIDDEN_FIRST_CONTACT = (
    "Median ● dager fra oppstart (● uten passive dager). ● av 8 innen fristen på 30 dager, "
    "● uten kontakt ennå."
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=89)  # a 90-day review period


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def service(world):
    """IPS Salten over the last 90 days, by hand:
    - specialist 1 started E1…E6 on days −80, −70, −60, −50, −40, −30; specialist 2 started
      E7 and E8 on days −20 and −10: 8 starts, caseloads 6 and 2 at the end;
    - first face-to-face employer contacts for E1…E4 after 10, 20, 30 and 40 days (3 within
      30 days, median 25), E5…E8 none yet (4 waiting); one more general contact: 5 contacts
      by one specialist;
    - a job for each of E1…E5 in the period: E1 and E2 competitive, E3…E5 work trials
      (2 of 5 competitive, 40 %), two titles;
    - follow-along support for E1…E4 (4 people), 60 minutes in the field and 20 at the
      office each: 75 %.
    """
    organisation = OrganisationFactory(name="IPS Salten", kind=OrganisationKind.NAV_OFFICE)
    first = staff_user(organisation, Role.JOB_SPECIALIST, first_name="Åse")
    second = staff_user(organisation, Role.JOB_SPECIALIST, first_name="Per")
    ips = world.enrolment.programme
    employer = Employer.objects.create(name="Coop", created_by=first)
    starts = [(-80, first), (-70, first), (-60, first), (-50, first), (-40, first),
              (-30, first), (-20, second), (-10, second)]  # fmt: skip
    enrolments = []
    for day, specialist in starts:
        enrolments.append(
            Enrolment.objects.create(
                participant=ParticipantFactory(),
                programme=ips,
                organisation=organisation,
                job_specialist=specialist,
                referral_source="nav",
                main_goal="work",
                created_by=specialist,
                referral_date=_days(day - 5),
                start_date=_days(day),
                stage=ips.stages.get(code="job_development"),
                stage_since=_days(day),
            )
        )
    contacts = [(e, e.start_date + datetime.timedelta(days=d))
                for e, d in zip(enrolments, (10, 20, 30, 40), strict=False)]  # fmt: skip
    for enrolment, day in [*contacts, (None, _days(-1))]:
        EmployerContact.objects.create(
            specialist=first, organisation=organisation, employer=employer, contact_date=day,
            face_to_face=True, in_field=True, purpose=ContactPurpose.JOB_DEVELOPMENT,
            enrolment=enrolment,
        )  # fmt: skip
    for number, enrolment in enumerate(enrolments[:5]):
        competitive = number < 2
        job = Job.objects.create(
            enrolment=enrolment, employer=employer,
            title="Butikkmedarbeider" if competitive else "Lagerarbeider",
            start_date=_days(-8), hours_per_week=20,
            employment_form=EmploymentForm.PERMANENT if competitive else EmploymentForm.WORK_TRIAL,
            paid=competitive, ordinary_wage=competitive, open_to_anyone=True, created_by=first,
        )  # fmt: skip
        if number < 4:
            for minutes, in_field in [(60, True), (20, False)]:
                SupportContact.objects.create(
                    enrolment=enrolment, job=job, contact_date=_days(-2),
                    with_whom=SupportWith.PARTICIPANT, face_to_face=True, in_field=in_field,
                    minutes=minutes, by=first, by_role=Role.JOB_SPECIALIST,
                )  # fmt: skip
    return organisation, first


def _texts(figures):
    return {key: figure.text for key, figure in figures.items()}


def test_the_service_sees_its_figures_exactly(service):
    organisation, _staff = service

    figures = service_figures(organisation, START, TODAY, exact=True)

    assert _texts(figures) == {
        DataKey.CASELOAD: "2 jobbspesialister: 2, 6 aktive deltakere. 0 over 20.",
        DataKey.EMPLOYER_CONTACTS: figures[DataKey.EMPLOYER_CONTACTS].text,
        DataKey.FIRST_CONTACT: (EXACT_FIRST_CONTACT),
        DataKey.COMPETITIVE: "40 % av 5 jobbstarter var konkurranseutsatte.",
        DataKey.JOB_TYPES: "2 ulike stillinger på 5 jobbstarter (40 %).",
        DataKey.EMPLOYERS: "1 ulike arbeidsgivere på 5 jobbstarter (20 %).",
        DataKey.COMMUNITY: "75 % av tiden i oppfølging var ute i felt.",
        DataKey.TIME_UNLIMITED: (
            "0 av 4 som fikk oppfølging i jobb, har hatt den i mer enn 12 måneder."
        ),
    }
    # 5 contacts by one specialist in 90/7 weeks.
    assert figures[DataKey.EMPLOYER_CONTACTS].value == round(5 / (90 / 7), 2)
    assert not any(figure.suppressed for figure in figures.values())


def test_others_see_no_count_of_people_under_five(service):
    organisation, _staff = service

    figures = service_figures(organisation, START, TODAY)

    assert _texts(figures) == {
        # A caseload of 2 is hidden; the number of specialists is about the staff.
        DataKey.CASELOAD: "2 jobbspesialister: ●, 6 aktive deltakere. 0 over 20.",
        # 5 contacts: at the threshold, so shown.
        DataKey.EMPLOYER_CONTACTS: figures[DataKey.EMPLOYER_CONTACTS].text,
        # 8 starts are shown; the median rests on the 4 with a contact, so it is hidden, and
        # so are the 3 in time and the 4 waiting.
        DataKey.FIRST_CONTACT: HIDDEN_FIRST_CONTACT,
        # 40 % of 5 would give back the 2 competitive jobs.
        DataKey.COMPETITIVE: "● % av 5 jobbstarter var konkurranseutsatte.",
        # Titles and employers are not people: with 5 job starts they are shown.
        DataKey.JOB_TYPES: "2 ulike stillinger på 5 jobbstarter (40 %).",
        DataKey.EMPLOYERS: "1 ulike arbeidsgivere på 5 jobbstarter (20 %).",
        # Both rest on the 4 people with follow-along support.
        DataKey.COMMUNITY: "● Skjult: færre enn 5 deltakere med oppfølging i perioden.",
        DataKey.TIME_UNLIMITED: (
            "● Skjult: færre enn 5 deltakere med oppfølging i jobb i perioden."
        ),
    }
    assert figures[DataKey.EMPLOYER_CONTACTS].value == round(5 / (90 / 7), 2)
    assert figures[DataKey.FIRST_CONTACT].value is None
    assert figures[DataKey.CASELOAD].value == 6
    assert {key for key, figure in figures.items() if figure.suppressed} == {
        DataKey.CASELOAD,
        DataKey.FIRST_CONTACT,
        DataKey.COMPETITIVE,
        DataKey.COMMUNITY,
        DataKey.TIME_UNLIMITED,
    }


def test_four_starts_hide_the_whole_first_contact_figure(service):
    organisation, _staff = service

    # From day −45: E5…E8 started in the period (4), none with a contact.
    figures = service_figures(organisation, _days(-45), TODAY)

    assert figures[DataKey.FIRST_CONTACT].text == ("● Skjult: færre enn 5 oppstarter i perioden.")
    assert figures[DataKey.FIRST_CONTACT].suppressed


@override_settings(MIN_CELL_SIZE=3)
def test_the_threshold_is_the_setting(service):
    organisation, _staff = service

    figures = service_figures(organisation, START, TODAY)

    assert figures[DataKey.CASELOAD].text == (
        "2 jobbspesialister: ●, 6 aktive deltakere. 0 over 20."
    )
    assert figures[DataKey.FIRST_CONTACT].text == (EXACT_FIRST_CONTACT)
    assert figures[DataKey.COMPETITIVE].text == "● % av 5 jobbstarter var konkurranseutsatte."


def test_who_sees_exact_figures(world, service):
    organisation, staff = service
    reviewer = staff_user(world.regional, Role.FIDELITY_REVIEWER)
    # A reviewer registered at the service still works across services.
    own_reviewer = staff_user(organisation, Role.FIDELITY_REVIEWER)

    assert sees_exact_figures(staff, organisation.pk) is True
    assert sees_exact_figures(world.county_coordinator, organisation.pk) is False
    assert sees_exact_figures(reviewer, organisation.pk) is False
    assert sees_exact_figures(own_reviewer, organisation.pk) is False
    assert sees_exact_figures(world.counsellor, organisation.pk) is False  # another office


@pytest.fixture
def final_review(world, service):
    install_fidelity_scales(FidelityScale, FidelityItem)
    organisation, _staff = service
    reviewers = [staff_user(world.regional, Role.FIDELITY_REVIEWER, first_name=n)
                 for n in ("Siv", "Ivar")]  # fmt: skip
    review = services.review_create(
        user=reviewers[0], organisation=organisation,
        scale=FidelityScale.objects.get(code="ips-25"), review_date=TODAY,
        period_start=START, period_end=TODAY, co_reviewers=[reviewers[1]],
    )  # fmt: skip
    items = list(review.scale.items.all())
    for reviewer in reviewers:
        services.ratings_save(
            user=reviewer, review_id=review.pk,
            ratings={item.pk: ItemRating(3, ("records",)) for item in items},
        )  # fmt: skip
        services.ratings_done(user=reviewer, review_id=review.pk)
    services.consensus_save(
        user=reviewers[0], review_id=review.pk,
        ratings={item.pk: ItemRating(3) for item in items},
    )  # fmt: skip
    services.review_finalise(
        user=reviewers[1], review_id=review.pk, recommendations="Flere arbeidsgiverbesøk."
    )
    return review, reviewers


def _figure_texts(view):
    return {row.item.data_key: row.figure.text for row in view.rows if row.figure}


def test_the_review_shows_each_reader_their_figures(world, service, final_review):
    _organisation, staff = service
    review, reviewers = final_review

    own = review_view(staff, review.pk)
    reviewer = review_view(reviewers[0], review.pk)
    county = review_view(world.county_coordinator, review.pk)

    assert _figure_texts(own)[DataKey.FIRST_CONTACT] == (EXACT_FIRST_CONTACT)
    assert own.footnote is None
    for view in (reviewer, county):
        assert _figure_texts(view)[DataKey.FIRST_CONTACT] == (HIDDEN_FIRST_CONTACT)
        assert view.footnote == (
            "Tall under 5 er skjult (●). Noen andre tall er også skjult, slik at de skjulte "
            "ikke kan regnes ut fra summene."
        )


def test_the_review_page_carries_the_footnote_for_others_only(client, service, final_review):
    _organisation, staff = service
    review, reviewers = final_review
    footnote = "Tall under 5 er skjult (●)."

    client.force_login(reviewers[0])
    page = re.sub(r"\s+", " ", client.get(reverse("review_detail", args=[review.pk])).text)
    assert footnote in page
    assert HIDDEN_FIRST_CONTACT in page
    assert "3 av 8 innen 30 dager" not in page

    client.force_login(staff)
    page = re.sub(r"\s+", " ", client.get(reverse("review_detail", args=[review.pk])).text)
    assert footnote not in page
    assert EXACT_FIRST_CONTACT in page


def test_the_pdf_carries_the_footnote_for_others_only(client, service, final_review):
    _organisation, staff = service
    review, reviewers = final_review

    def pdf_text(user) -> str:
        client.force_login(user)
        response = client.get(reverse("review_pdf", args=[review.pk]))
        pages = PdfReader(io.BytesIO(response.content)).pages
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))

    assert "Tall under 5 er skjult" in pdf_text(reviewers[0])
    assert "Tall under 5 er skjult" not in pdf_text(staff)
