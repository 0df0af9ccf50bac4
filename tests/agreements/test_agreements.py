"""Collaboration agreements: who keeps and reads them, what is refused with nothing saved,
and the county coordinator's overview of those due for review or without a follow-up
meeting in 12 months (docs/agreements.md), with dated cases at the edges."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.agreements import queries, services
from los.agreements.models import Agreement, FollowUpMeeting
from los.core.vocabulary import OrganisationKind, Role
from los.directory.models import Offer
from los.organisations.models import County
from tests.factories import OrganisationFactory, staff_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def municipality_service():
    return OrganisationFactory(name="Bodø kommune", kind=OrganisationKind.MUNICIPAL_MENTAL_HEALTH)


def _fields(world, municipality_service, **changes):
    fields = {
        "title": "Samarbeid i Salten",
        "purpose": "Flere i arbeid.",
        "parties": [world.nav_office, world.dps, municipality_service],
        "offers": [],
        "starts_on": D(2025, 1, 1),
        "review_on": D(2027, 1, 1),
    }
    return fields | changes


def _create(world, municipality_service, **changes):
    return services.agreement_create(
        user=world.county_coordinator,
        county_id=world.regional.county_id,
        **_fields(world, municipality_service, **changes),
    )


def test_the_county_coordinator_makes_an_agreement_logged(world, municipality_service):
    agreement = _create(world, municipality_service)

    assert set(agreement.parties.all()) == {world.nav_office, world.dps, municipality_service}
    entry = ChangeLogEntry.objects.get(action="agreement.create")
    assert entry.actor_id == world.county_coordinator.pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"review_on": D(2024, 12, 31)}, "review_on", "etter datoen avtalen gjelder fra"),
        ({"review_on": D(2025, 1, 1)}, "review_on", "etter datoen avtalen gjelder fra"),
        ({"parties": "one"}, "parties", "minst to parter"),
        ({"purpose": "  "}, "purpose", "Skriv hva avtalen skal oppnå."),
    ],
)
def test_what_cannot_be_right_is_refused_and_nothing_saved(
    world, municipality_service, changes, field, message
):
    if changes.get("parties") == "one":
        changes["parties"] = [world.nav_office]
    with pytest.raises(ValidationError) as refused:
        _create(world, municipality_service, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert Agreement.objects.count() == 0


def test_a_party_outside_the_county_or_of_another_kind_is_refused(world, municipality_service):
    troms = County.objects.get_or_create(number="55", defaults={"name": "Troms"})[0]
    tromso = OrganisationFactory(name="NAV Tromsø sentrum", county=troms)
    with pytest.raises(ValidationError, match="Utenfor fylket: NAV Tromsø sentrum"):
        _create(world, municipality_service, parties=[world.nav_office, tromso])
    with pytest.raises(ValidationError, match="Partene er NAV-kontor"):
        _create(world, municipality_service, parties=[world.nav_office, world.employer])
    offer = Offer.objects.create(
        organisation=world.regional, kind="ark", name="ARK", target_group="x", how_to_refer="y"
    )
    with pytest.raises(ValidationError, match="Velg bare tilbud som partene gir"):
        _create(world, municipality_service, offers=[offer])
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize("who", ["counsellor", "therapist", "employer_contact"])
def test_only_the_county_coordinator_keeps_agreements(world, municipality_service, who):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            user=getattr(world, who),
            county_id=world.regional.county_id,
            **_fields(world, municipality_service),
        )


def test_who_reads_an_agreement(world, municipality_service):
    agreement = _create(world, municipality_service, parties=[world.nav_office, world.dps])
    manager = staff_user(
        OrganisationFactory(kind=OrganisationKind.DIRECTORATE), Role.PROGRAMME_MANAGER
    )
    readers = {
        who: services.may_read_agreement(getattr(world, who), agreement)
        for who in ("county_coordinator", "counsellor", "therapist", "gp", "employer_contact")
    }
    assert readers == {
        "county_coordinator": True,
        "counsellor": True,  # NAV Bodø is a party
        "therapist": True,  # Salten DPS is a party
        "gp": False,
        "employer_contact": False,
    }
    assert services.may_read_agreement(manager, agreement)
    assert list(queries.readable_agreements(world.gp)) == []
    assert list(queries.readable_agreements(world.therapist)) == [agreement]


def test_a_stale_edit_is_refused(world, municipality_service):
    agreement = _create(world, municipality_service)
    fields = _fields(world, municipality_service, title="Nytt navn")
    services.agreement_update(
        user=world.county_coordinator, agreement_id=agreement.pk, version=1, **fields
    )
    with pytest.raises(ValidationError, match="Noen andre har endret"):
        services.agreement_update(
            user=world.county_coordinator, agreement_id=agreement.pk, version=1, **fields
        )
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Nytt navn", 2)


def test_a_meeting_is_written_after_it_was_held_by_a_party(world, municipality_service):
    agreement = _create(world, municipality_service)
    services.meeting_add(
        user=world.counsellor, agreement=agreement, held_on=D(2025, 6, 1), minutes="Gikk bra."
    )
    with pytest.raises(ValidationError, match="etter at møtet er holdt"):
        services.meeting_add(
            user=world.counsellor,
            agreement=agreement,
            held_on=datetime.date.today() + datetime.timedelta(days=1),
            minutes="Snart.",
        )
    with pytest.raises(ValidationError, match="før avtalen gjaldt fra"):
        services.meeting_add(
            user=world.counsellor, agreement=agreement, held_on=D(2024, 12, 31), minutes="x"
        )
    with pytest.raises(PermissionDenied):
        services.meeting_add(user=world.gp, agreement=agreement, held_on=D(2025, 6, 1), minutes="x")
    assert FollowUpMeeting.objects.count() == 1


def _row(agreement, last_meeting, today):
    return queries.row_of(agreement, last_meeting, today)


def test_no_follow_up_in_12_months_at_the_edge():
    agreement = Agreement(starts_on=D(2024, 1, 1), review_on=D(2030, 1, 1))
    today = D(2026, 3, 15)

    assert not _row(agreement, D(2025, 3, 15), today).no_recent_meeting  # exactly 12 months
    assert _row(agreement, D(2025, 3, 14), today).no_recent_meeting  # a day more
    # Without a meeting, the start counts: an agreement younger than a year is not late.
    young = Agreement(starts_on=D(2025, 6, 1), review_on=D(2030, 1, 1))
    assert not _row(young, None, today).no_recent_meeting
    assert _row(agreement, None, today).no_recent_meeting
    # 29 February: a year before is 28 February.
    assert queries.year_before(D(2028, 2, 29)) == D(2027, 2, 28)


def test_due_for_review_from_30_days_before_and_late_after():
    today = D(2026, 3, 15)

    def row(review_on):
        return _row(Agreement(starts_on=D(2026, 1, 1), review_on=review_on), D(2026, 3, 1), today)

    assert not row(D(2026, 4, 15)).due_for_review  # 31 days ahead
    assert row(D(2026, 4, 14)).due_for_review  # 30 days ahead
    assert (row(D(2026, 3, 15)).review_passed, row(D(2026, 3, 14)).review_passed) == (False, True)


def test_the_overview_puts_what_needs_attention_first_in_fixed_queries(
    client, world, municipality_service, django_assert_num_queries
):
    calm = _create(world, municipality_service, title="A rolig", review_on=D(2030, 1, 1))
    services.meeting_add(
        user=world.counsellor,
        agreement=calm,
        held_on=datetime.date.today() - datetime.timedelta(days=10),
        minutes="Fint.",
    )
    late = _create(world, municipality_service, title="B forsinket", review_on=D(2029, 1, 1))
    today = datetime.date.today()

    with django_assert_num_queries(2):
        rows = queries.overview(world.county_coordinator, today)
    assert [r.agreement for r in rows] == [late, calm]
    assert (rows[0].no_recent_meeting, rows[1].needs_attention) == (True, False)

    client.force_login(world.county_coordinator)
    page = client.get(reverse("agreement_list")).content.decode()
    assert "1 avtale trenger oppfølging." in page
    assert "ingen oppfølgingsmøte på 12 måneder" in page
    assert "Ny avtale i Nordland" in page


def test_the_overview_page_asks_the_same_queries_for_1_and_50_agreements(
    client, world, municipality_service
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.county_coordinator)
    client.get(reverse("agreement_list"))  # the first request after login saves the session
    counts = []
    for size in (1, 50):
        for n in range(size - Agreement.objects.count()):
            made = Agreement.objects.create(
                county_id=world.regional.county_id,
                title=f"Avtale {n}",
                purpose="Flere i arbeid.",
                starts_on=D(2025, 1, 1),
                review_on=D(2027, 1, 1),
                created_by=world.county_coordinator,
            )
            made.parties.set([world.nav_office, world.dps, municipality_service])
            FollowUpMeeting.objects.create(
                agreement=made, held_on=D(2025, 6, 1), minutes="x", written_by=world.counsellor
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("agreement_list")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_pages_for_a_party_and_for_someone_outside(client, world, municipality_service):
    agreement = _create(world, municipality_service)
    detail = reverse("agreement_detail", args=[agreement.pk])

    client.force_login(world.counsellor)
    page = client.get(detail).content.decode()
    assert "Samarbeid i Salten" in page
    assert "Før inn et oppfølgingsmøte" in page
    assert "Endre avtalen" not in page
    response = client.post(
        reverse("agreement_meeting_new", args=[agreement.pk]), {"held_on": "", "minutes": "x"}
    )
    assert response.status_code == 200
    assert "Skriv når møtet ble holdt." in response.content.decode()

    client.force_login(world.gp)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("agreement_edit", args=[agreement.pk])).status_code == 404


def test_the_form_keeps_what_was_typed_when_refused(client, world, municipality_service):
    client.force_login(world.county_coordinator)
    response = client.post(
        reverse("agreement_new") + "?fylke=18",
        {
            "title": "Ny avtale",
            "purpose": "Mer samarbeid",
            "parties": [world.nav_office.pk],
            "starts_on": "2026-01-01",
            "review_on": "2025-01-01",
            "fylke": "18",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "En samarbeidsavtale har minst to parter." in page
    assert 'value="Ny avtale"' in page
    assert Agreement.objects.count() == 0
