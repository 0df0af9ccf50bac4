"""Fidelity reviews: independent ratings, consensus, totals and bands at their edges, the
figures from the record for a dated data set, IPS-Y's subscales, who sees what, the PDF."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.core.vocabulary import Role
from los.fidelity import services
from los.fidelity.figures import service_figures
from los.fidelity.models import DataKey, FidelityItem, FidelityScale, Rating, Review
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
    PassivePeriod,
    SupportContact,
    SupportWith,
)
from tests.factories import count_queries, staff_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def scales(db):
    install_fidelity_scales(FidelityScale, FidelityItem)
    return {s.code: s for s in FidelityScale.objects.all()}


@pytest.fixture
def reviewers(world):
    return [
        staff_user(world.regional, Role.FIDELITY_REVIEWER, first_name=name)
        for name in ("Siv", "Ivar")
    ]


def _review(world, scales, reviewers, code="ips-25"):
    return services.review_create(
        user=reviewers[0],
        organisation=world.nav_office,
        scale=scales[code],
        review_date=TODAY,
        period_start=_days(-180),
        period_end=TODAY,
        co_reviewers=[reviewers[1]],
    )


def _all(review, score):
    return {item.pk: ItemRating(score, ("records",)) for item in review.scale.items.all()}


def _agree_on(review, reviewers, scores):
    for reviewer in reviewers:
        services.ratings_save(user=reviewer, review_id=review.pk, ratings=_all(review, 3))
        services.ratings_done(user=reviewer, review_id=review.pk)
    items = list(review.scale.items.all())
    services.consensus_save(
        user=reviewers[0],
        review_id=review.pk,
        ratings={item.pk: ItemRating(score) for item, score in zip(items, scores, strict=True)},
    )
    return services.review_finalise(
        user=reviewers[1], review_id=review.pk, recommendations="Flere arbeidsgiverbesøk."
    )


def test_the_shipped_scales(scales):
    ips25, ipsy = scales["ips-25"], scales["ips-y"]
    assert ips25.items.count() == 25 and ipsy.items.count() == 35
    assert ipsy.items.filter(subscales__contains=["education"]).count() == 10
    assert set(ips25.items.exclude(data_key="").values_list("data_key", flat=True)) == set(
        DataKey.values
    )


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (73, "ikke IPS"),
        (74, "middels IPS"),
        (99, "middels IPS"),
        (100, "god IPS"),
        (114, "god IPS"),
        (115, "eksemplarisk IPS"),
        (125, "eksemplarisk IPS"),
    ],
)
def test_totals_and_bands_at_the_edges(world, scales, reviewers, total, band):
    review = _review(world, scales, reviewers)
    # 25 items: spread the total over them (every item between 1 and 5).
    base, extra = divmod(total, 25)
    scores = [base + (1 if n < extra else 0) for n in range(25)]

    final = _agree_on(review, reviewers, scores)

    assert (final.total, final.band, final.phase) == (total, band, "final")
    assert ChangeLogEntry.objects.filter(action="fidelity_review.finalised").exists()


def test_reviewers_rate_independently_then_see_each_other(world, scales, reviewers):
    review = _review(world, scales, reviewers)
    first_item = review.scale.items.first()
    services.ratings_save(
        user=reviewers[0],
        review_id=review.pk,
        ratings={first_item.pk: ItemRating(5, ("interviews",), "Godt samarbeid.")},
    )

    seen_by_second = review_view(reviewers[1], review.pk).rows[0]
    assert (seen_by_second.mine, seen_by_second.others) == (None, [])

    for reviewer in reviewers:
        services.ratings_save(user=reviewer, review_id=review.pk, ratings=_all(review, 4))
        services.ratings_done(user=reviewer, review_id=review.pk)

    review.refresh_from_db()
    assert review.phase == "consensus"
    row = review_view(reviewers[1], review.pk).rows[0]
    assert sorted(r.reviewer.first_name for r in row.others) == ["Ivar", "Siv"]


def test_a_rating_of_6_is_refused_and_nothing_is_saved(world, scales, reviewers):
    review = _review(world, scales, reviewers)
    items = list(review.scale.items.all())

    with pytest.raises(ValidationError, match="Punkt 2: skåren må være fra 1 til 5"):
        services.ratings_save(
            user=reviewers[0],
            review_id=review.pk,
            ratings={items[0].pk: ItemRating(4), items[1].pk: ItemRating(6)},
        )

    assert not Rating.objects.exists()


def test_delivering_needs_every_item_and_consensus_needs_every_agreed_score(
    world, scales, reviewers
):
    review = _review(world, scales, reviewers)
    with pytest.raises(ValidationError, match="Du har vurdert 0 av 25 punkter"):
        services.ratings_done(user=reviewers[0], review_id=review.pk)
    for reviewer in reviewers:
        services.ratings_save(user=reviewer, review_id=review.pk, ratings=_all(review, 3))
        services.ratings_done(user=reviewer, review_id=review.pk)
    with pytest.raises(ValidationError, match="0 av 25 punkter har en omforent skåre"):
        services.review_finalise(user=reviewers[0], review_id=review.pk, recommendations="")


def test_a_review_needs_two_reviewers_and_a_past_period(world, scales, reviewers):
    with pytest.raises(ValidationError) as error:
        services.review_create(
            user=reviewers[0],
            organisation=world.nav_office,
            scale=scales["ips-25"],
            review_date=TODAY,
            period_start=_days(-10),
            period_end=_days(5),
            co_reviewers=[],
        )
    assert set(error.value.message_dict) == {"co_reviewers", "period_end"}
    with pytest.raises(PermissionDenied):
        services.review_create(
            user=world.counsellor,
            organisation=world.nav_office,
            scale=scales["ips-25"],
            review_date=TODAY,
            period_start=_days(-10),
            period_end=TODAY,
            co_reviewers=[reviewers[0]],
        )
    assert not Review.objects.exists()


def test_ips_y_totals_its_subscales(world, scales, reviewers):
    review = _review(world, scales, reviewers, code="ips-y")
    scores = [4] * 25 + [2] * 10

    final = _agree_on(review, reviewers, scores)

    assert (final.total, final.band) == (120, "middels IPS")
    assert review_view(reviewers[0], review.pk).subscale_totals == {"arbeid": 100, "utdanning": 20}


def _dated_service(world):
    """The service (NAV Bodø) over the last 70 days, by hand:
    - the world's enrolment (counsellor, started day -50, working) and two new ones by the
      job specialist: A started day -60 with a face-to-face contact on day -40 and 5
      passive days between (15 active days); B started day -20, no contact yet;
    - jobs in the period: the world's competitive job (day -10, Bygg AS) and a work trial
      at Kiwi (day -30): one of two competitive, two titles, two employers;
    - employer contacts face to face: A's (day -40) and one general (day -3), both by the
      job specialist: 2 in 10 weeks for one specialist = 0,2 a week;
    - follow-along: 60 minutes in the field and 30 at the office: 67 %.
    """
    ips = world.enrolment.programme
    common = {
        "participant": world.other_participant,
        "programme": ips,
        "organisation": world.nav_office,
        "job_specialist": world.job_specialist,
        "referral_source": "nav",
        "main_goal": "work",
        "created_by": world.job_specialist,
    }
    a = Enrolment.objects.create(
        **common, referral_date=_days(-65), start_date=_days(-60),
        stage=ips.stages.get(code="job_development"), stage_since=_days(-45),
    )  # fmt: skip
    PassivePeriod.objects.create(
        enrolment=a, start_date=_days(-55), end_date=_days(-50), reason="Syk"
    )
    other = common | {"programme": ips.__class__.objects.get(code="ams")}
    b = Enrolment.objects.create(
        **other, referral_date=_days(-25), start_date=_days(-20),
        stage=other["programme"].stages.get(code="mapping"), stage_since=_days(-20),
    )  # fmt: skip
    kiwi = Employer.objects.create(name="Kiwi", created_by=world.job_specialist)
    for enrolment, day in [(a, -40), (None, -3)]:
        EmployerContact.objects.create(
            specialist=world.job_specialist, organisation=world.nav_office,
            employer=kiwi, contact_date=_days(day), face_to_face=True, in_field=True,
            purpose=ContactPurpose.JOB_DEVELOPMENT, enrolment=enrolment,
        )  # fmt: skip
    Job.objects.create(
        enrolment=a, employer=kiwi, title="Butikkmedarbeider", start_date=_days(-30),
        end_date=_days(-16), hours_per_week=10, employment_form=EmploymentForm.WORK_TRIAL,
        paid=False, ordinary_wage=False, open_to_anyone=True, created_by=world.job_specialist,
    )  # fmt: skip
    for minutes, in_field in [(60, True), (30, False)]:
        SupportContact.objects.create(
            enrolment=world.enrolment, job=world.job, contact_date=_days(-2),
            with_whom=SupportWith.PARTICIPANT, face_to_face=True, in_field=in_field,
            minutes=minutes, by=world.counsellor, by_role=Role.COUNSELLOR,
        )  # fmt: skip
    return a, b


def test_figures_from_the_record_for_a_dated_service(world):
    _dated_service(world)

    figures = service_figures(world.nav_office, _days(-69), TODAY, exact=True)

    # Caseload at the end: the world's (counsellor) and A and B (job specialist).
    assert figures[DataKey.CASELOAD].text.startswith("2 jobbspesialister: 1, 2 aktive")
    assert figures[DataKey.EMPLOYER_CONTACTS].value == 0.2
    # Started in the period: the world's (day -50, no face-to-face contact), A (contact on
    # day 20 from its start, 5 of them passive: 15 active days) and B (none yet): the median
    # of [20] calendar days is 20, of [15] active days 15.
    assert figures[DataKey.FIRST_CONTACT].value == 20
    assert figures[DataKey.FIRST_CONTACT].text == (
        "Median 20 dager fra oppstart (15 uten passive dager). "
        "1 av 3 innen fristen på 30 dager, 2 uten kontakt ennå."
    )
    assert figures[DataKey.COMPETITIVE].value == 50
    assert figures[DataKey.JOB_TYPES].value == 100 and figures[DataKey.EMPLOYERS].value == 100
    assert figures[DataKey.COMMUNITY].value == 67
    assert figures[DataKey.TIME_UNLIMITED].value == 0


def test_job_starts_leave_out_planned_jobs_and_jobs_begun_before_the_start(world):
    a, _b = _dated_service(world)
    kiwi = Employer.objects.get(name="Kiwi")
    # A started day -60. A job from day -62 (before A's start) and one from tomorrow
    # (planned): neither is a job start, so the period still has the world's competitive
    # job and A's work trial, one of two competitive.
    for start, title in [(-62, "Kasserer"), (1, "Lagerarbeider")]:
        Job.objects.create(
            enrolment=a, employer=kiwi, title=title, start_date=_days(start),
            hours_per_week=10, employment_form=EmploymentForm.PERMANENT, paid=True,
            ordinary_wage=True, open_to_anyone=True, created_by=world.job_specialist,
        )  # fmt: skip

    figures = service_figures(world.nav_office, _days(-69), _days(30), exact=True)

    assert figures[DataKey.COMPETITIVE].text == "50 % av 2 jobbstarter var konkurranseutsatte."
    assert figures[DataKey.JOB_TYPES].value == 100


def test_figures_count_only_the_service_reviewed(world):
    _dated_service(world)

    figures = service_figures(world.other_nav, _days(-69), TODAY, exact=True)

    assert figures[DataKey.CASELOAD].text == "Ingen aktive deltakere ved periodens slutt."
    assert figures[DataKey.EMPLOYER_CONTACTS].value == 0.0


# --- Pages ---------------------------------------------------------------------------------


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_who_sees_a_review(client, world, scales, reviewers):
    review = _review(world, scales, reviewers)
    url = reverse("review_detail", args=[review.pk])

    client.force_login(world.job_specialist)  # staff of the service: only once it is final
    assert client.get(url).status_code == 404
    client.force_login(reviewers[1])
    assert client.get(url).status_code == 200
    client.force_login(world.participant_user)
    assert client.get(reverse("review_list")).status_code == 403

    _agree_on(review, reviewers, [4] * 25)

    client.force_login(world.job_specialist)
    page = re.sub(r"<[^>]+>", "", _text(client.get(url)))
    assert "100 – god IPS" in page and "Flere arbeidsgiverbesøk." in page
    assert client.get(url, follow=True).status_code == 200
    client.force_login(world.outsider)  # another NAV office
    assert client.get(url).status_code == 404


def test_rating_in_the_page_keeps_ratings_private_and_refuses_a_6(client, world, scales, reviewers):
    review = _review(world, scales, reviewers)
    items = list(review.scale.items.all())
    client.force_login(reviewers[0])
    url = reverse("review_detail", args=[review.pk])

    page = _text(client.get(url))
    assert "Tall fra Los" in page

    refused = client.post(url, {"action": "save", f"score_{items[0].pk}": "6"}, follow=True)
    assert "skåren må være fra 1 til 5" in _text(refused)
    client.post(url, {"action": "save", f"score_{items[0].pk}": "4",
                      f"sources_{items[0].pk}": "records"})  # fmt: skip
    assert Rating.objects.get().score == 4


def test_the_report_pdf_and_the_history(client, world, scales, reviewers):
    first = _review(world, scales, reviewers)
    _agree_on(first, reviewers, [3] * 25)
    second = _review(world, scales, reviewers)
    _agree_on(second, reviewers, [4] * 25)
    client.force_login(reviewers[0])

    assert client.get(reverse("review_pdf", args=[first.pk])).content.startswith(b"%PDF")
    history = _text(client.get(reverse("service_history", args=[world.nav_office.pk, "ips-25"])))
    assert "<polyline" in history
    history = re.sub(r"<[^>]+>", "", history)

    assert "75 (middels IPS)" in history and "100 (god IPS)" in history


REVIEW_PAGE_QUERIES = 23
REVIEW_LIST_QUERIES = 9


def test_review_pages_use_a_fixed_number_of_queries(client, world, scales, reviewers):
    a, _b = _dated_service(world)
    review = _review(world, scales, reviewers)
    _agree_on(review, reviewers, [4] * 25)
    client.force_login(reviewers[0])
    detail = reverse("review_detail", args=[review.pk])
    one = count_queries(client, detail), count_queries(client, reverse("review_list"))
    for n in range(3):  # more for the figures to count, more reviews and actions
        job = Job.objects.create(
            enrolment=a, employer=world.pathway_employer, title=f"Jobb {n}",
            start_date=_days(-5), hours_per_week=10, employment_form=EmploymentForm.PERMANENT,
            paid=True, ordinary_wage=True, open_to_anyone=True, created_by=world.job_specialist,
        )  # fmt: skip
        SupportContact.objects.create(
            enrolment=a, job=job, contact_date=_days(-1), with_whom=SupportWith.EMPLOYER,
            face_to_face=True, in_field=True, minutes=30, by=world.job_specialist,
            by_role=Role.JOB_SPECIALIST,
        )  # fmt: skip
        services.action_add(
            user=reviewers[0], review_id=review.pk, text=f"Tiltak {n}", owner="Leder",
            due_date=TODAY,
        )  # fmt: skip
        _agree_on(_review(world, scales, reviewers), reviewers, [3] * 25)

    many = count_queries(client, detail), count_queries(client, reverse("review_list"))
    assert one == many == (REVIEW_PAGE_QUERIES, REVIEW_LIST_QUERIES), (one, many)


def test_delivering_and_fixing_save_what_was_filled_in_first(client, world, scales, reviewers):
    review = _review(world, scales, reviewers)
    items = list(review.scale.items.all())
    url = reverse("review_detail", args=[review.pk])
    everything = {f"score_{item.pk}": "4" for item in items}
    for reviewer in reviewers:
        client.force_login(reviewer)
        client.post(url, everything | {"action": "done"})

    client.post(url, everything | {"action": "finalise", "recommendations": "Mer ute i felt."})

    review.refresh_from_db()
    assert (review.phase, review.total, review.recommendations) == ("final", 100, "Mer ute i felt.")


def test_the_form_is_split_into_the_scales_sections_and_a_reviewer_rereads_what_they_delivered(
    client, world, scales, reviewers
):
    review = _review(world, scales, reviewers)
    items = list(review.scale.items.all())
    client.force_login(reviewers[0])
    url = reverse("review_detail", args=[review.pk])

    page = client.get(url).content.decode()
    headings = re.findall(r'<h2 id="del-(\d)" tabindex="-1">([^<]+)</h2>', page)
    assert headings == [("1", "Bemanning"), ("2", "Organisering"), ("3", "Tjenester")]
    assert '<a href="#del-3">Tjenester</a> <span class="los-muted">(14 punkter)</span>' in page

    scores = {f"score_{item.pk}": str(1 + item.number % 5) for item in items}
    client.post(url, scores | {f"note_{items[0].pk}": "Har 24 deltakere hver.", "action": "done"})

    delivered = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).content.decode()))
    assert "Vurderingene du leverte" in delivered
    first, last = items[0], items[-1]
    noted = "Har 24 deltakere hver."
    assert f"{first.number}. {first.name} {1 + first.number % 5} {noted}" in delivered
    assert f"{last.number}. {last.name} {1 + last.number % 5} –" in delivered
    assert 'name="score_' not in client.get(url).content.decode()  # read, not changed


def test_only_services_that_run_ips_can_be_chosen_for_a_review(world, reviewers):
    from los.directory.models import Offer
    from los.fidelity.forms import ReviewForm

    # NAV Bodø has Sara in IPS; Salten DPS lists an IPS-ung offer; the GP practice neither.
    Offer.objects.create(
        organisation=world.dps, kind="ips_ung", name="IPS-ung Salten",
        target_group="Unge mellom 16 og 30.", how_to_refer="Snakk med behandleren din.",
    )  # fmt: skip
    Offer.objects.create(
        organisation=world.gp_practice, kind="ams", name="AMS Bodø",
        target_group="Alle.", how_to_refer="Ring oss.",
    )  # fmt: skip

    offered = set(ReviewForm(user=reviewers[0]).fields["organisation"].queryset)

    assert {world.nav_office, world.dps} <= offered
    assert world.gp_practice not in offered and world.employer not in offered
