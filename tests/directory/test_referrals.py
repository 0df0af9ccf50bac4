"""Referrals between services: consent to exactly what the receiving service reads (or a
recorded legal basis), the receiving service's answer, what each side sees, and the waiting
time computed from accepted referrals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, Basis, ChangeLogEntry
from los.access.policy import load_access
from los.core.submissions import FIELD as SUBMISSION_FIELD
from los.core.vocabulary import Category, OrganisationKind, Role
from los.directory import queries, services
from los.directory.models import Offer, Referral, ReferralState
from los.participants.models import CareTeamMembership
from tests.factories import MunicipalityFactory, OrganisationFactory, give_consent, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dps(world):
    """Helgeland DPS, not on the team, runs Senter for jobbmestring: it reads the plan and
    the health summary (its own sector's) and work and education (NAV's: needs consent)."""
    organisation = OrganisationFactory(name="Helgeland DPS", kind=OrganisationKind.HEALTH_TRUST)
    therapist = staff_user(organisation, Role.THERAPIST, first_name="Hege", last_name="Terapeut")
    offer = Offer.objects.create(
        organisation=organisation,
        kind="sfj",
        name="Jobbmestring Helgeland",
        target_group="Lett til moderat angst eller depresjon.",
        how_to_refer="Fastlegen eller NAV henviser.",
        routes=["gp", "nav"],
        phone="75 00 00 00",
        reads=[Category.PLAN, Category.HEALTH_SUMMARY, Category.EMPLOYMENT],
    )
    offer.municipalities.set([MunicipalityFactory()])
    return {"organisation": organisation, "therapist": therapist, "offer": offer}


def _send(world, offer, *, user=None, legal_basis=""):
    user = user or world.counsellor
    return services.referral_create(
        access=load_access(user, world.participant),
        offer_id=offer.pk,
        reason="Strever på jobb, vil ha hjelp til å stå i den.",
        legal_basis=legal_basis,
    )


def _consent_to_work(world, dps):
    return give_consent(
        world.participant, dps["organisation"], Category.EMPLOYMENT, world.counsellor
    )


def test_only_what_the_service_does_not_read_from_its_own_sector_needs_consent(dps):
    assert services.categories_needing_consent(dps["offer"]) == [Category.EMPLOYMENT]


def test_a_referral_without_consent_to_what_is_read_is_refused_and_nothing_saved(world, dps):
    with pytest.raises(ValidationError) as refused:
        _send(world, dps["offer"])

    message = " ".join(refused.value.message_dict["legal_basis"])
    assert "Deltakeren har ikke samtykket til at Helgeland DPS kan lese arbeid og utdanning" in (
        message
    )
    assert (Referral.objects.count(), ChangeLogEntry.objects.count()) == (0, 0)


def test_a_consent_to_another_organisation_does_not_cover_the_referral(world, dps):
    give_consent(world.participant, world.dps, Category.EMPLOYMENT, world.counsellor)

    with pytest.raises(ValidationError):
        _send(world, dps["offer"])


def test_a_referral_to_a_closed_offer_is_refused(world, dps):
    _consent_to_work(world, dps)
    Offer.objects.filter(pk=dps["offer"].pk).update(is_open=False)

    with pytest.raises(ValidationError) as refused:
        _send(world, dps["offer"])

    assert refused.value.message_dict["offer"] == [
        "«Jobbmestring Helgeland» tar ikke imot nye nå. Velg et annet tilbud."
    ]
    assert Referral.objects.count() == 0


def test_a_referral_with_consent_stores_the_consent_and_is_logged(world, dps):
    consent = _consent_to_work(world, dps)

    referral = _send(world, dps["offer"])

    assert referral.state == ReferralState.SENT
    assert list(referral.consents.all()) == [consent]
    assert referral.categories == ["plan", "health_summary", "employment"]
    assert referral.legal_basis == ""
    entry = ChangeLogEntry.objects.get(action="referral.sent")
    assert (entry.actor, entry.participant) == (world.counsellor, world.participant)
    assert entry.data["consents"] == [consent.pk]


def test_a_recorded_legal_basis_stands_in_for_a_missing_consent(world, dps):
    referral = _send(world, dps["offer"], legal_basis="Pasient- og brukerrettighetsloven § 2-1 b")

    assert referral.legal_basis == "Pasient- og brukerrettighetsloven § 2-1 b"
    assert referral.consents.count() == 0


def test_only_care_roles_on_the_team_refer(world, dps):
    _consent_to_work(world, dps)
    for user in [world.employer_contact, world.participant_user]:
        with pytest.raises(PermissionDenied):
            _send(world, dps["offer"], user=user)
    assert Referral.objects.count() == 0


def test_a_second_referral_to_the_same_offer_while_one_is_under_way_is_refused(world, dps):
    _consent_to_work(world, dps)
    _send(world, dps["offer"])

    with pytest.raises(ValidationError) as refused:
        _send(world, dps["offer"], user=world.gp)

    assert "allerede henvist" in " ".join(refused.value.message_dict["offer"])


def test_accepting_puts_the_named_staff_on_the_team_who_then_read_only_what_was_consented(
    world, dps
):
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])
    therapist = dps["therapist"]
    before = load_access(therapist, world.participant)

    services.referral_answer(
        user=therapist,
        referral_id=referral.pk,
        answer="accept",
        staff=[therapist],
        start_date=timezone.localdate(),
    )

    after = load_access(therapist, world.participant)
    assert before.is_team_member is False
    assert {c: after.can_view(c) for c in Category} == {
        Category.CORE: True,
        Category.PLAN: True,
        Category.EMPLOYMENT: True,  # the consent
        Category.HEALTH_SUMMARY: True,
        Category.CLINICAL_NOTES: True,  # their own notes only (organisation-scoped)
        Category.NAV_CASE_NOTES: False,
        Category.MEASUREMENTS: True,
    }
    assert after.note_writers_readable(Category.CLINICAL_NOTES) == {dps["organisation"].pk}
    referral.refresh_from_db()
    membership = CareTeamMembership.objects.get(participant=world.participant, user=therapist)
    assert (referral.state, list(referral.memberships.all())) == ("accepted", [membership])
    assert membership.role == Role.THERAPIST
    assert ChangeLogEntry.objects.filter(action="referral.accepted").count() == 1
    assert ChangeLogEntry.objects.filter(action="team.member_added").count() == 1


def test_another_service_cannot_answer(world, dps):
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])

    with pytest.raises(PermissionDenied):
        services.referral_answer(user=world.therapist, referral_id=referral.pk, answer="decline")


@pytest.mark.parametrize(
    ("answer", "kwargs", "field", "message"),
    [
        ("accept", {"start_date": datetime.date(2026, 1, 1)}, "staff", "Velg hvem"),
        ("accept", {"staff": "therapist"}, "start_date", "Skriv datoen"),
        ("decline", {}, "decline_reason", "Skriv hvorfor dere avslår"),
    ],
)
def test_an_incomplete_answer_is_refused_and_nothing_changes(
    world, dps, answer, kwargs, field, message
):
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])
    if kwargs.get("staff") == "therapist":
        kwargs = {"staff": [dps["therapist"]]}

    with pytest.raises(ValidationError) as refused:
        services.referral_answer(
            user=dps["therapist"], referral_id=referral.pk, answer=answer, **kwargs
        )

    assert message in " ".join(refused.value.message_dict[field])
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert not CareTeamMembership.objects.filter(user=dps["therapist"]).exists()


def test_waiting_list_then_declined_with_a_reason_the_team_and_participant_see(client, world, dps):
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])
    therapist = dps["therapist"]

    services.referral_answer(user=therapist, referral_id=referral.pk, answer="waiting_list")
    services.referral_answer(
        user=therapist,
        referral_id=referral.pk,
        answer="decline",
        decline_reason="Passer bedre for Rask psykisk helsehjelp.",
    )

    client.force_login(world.participant_user)
    page = client.get(reverse("referrals", args=[world.participant.public_id])).content.decode()
    assert "Avslått" in page and "Passer bedre for Rask psykisk helsehjelp." in page


def test_the_sender_withdraws_a_waiting_referral_but_not_an_accepted_one(world, dps):
    _consent_to_work(world, dps)
    first = _send(world, dps["offer"])
    access = load_access(world.gp, world.participant)

    services.referral_withdraw(access=access, referral_id=first.pk)
    second = _send(world, dps["offer"])
    services.referral_answer(
        user=dps["therapist"],
        referral_id=second.pk,
        answer="accept",
        staff=[dps["therapist"]],
        start_date=timezone.localdate(),
    )

    with pytest.raises(ValidationError):
        services.referral_withdraw(access=access, referral_id=second.pk)
    first.refresh_from_db()
    assert first.state == ReferralState.WITHDRAWN


def test_a_referral_not_answered_in_time_is_flagged_for_both(client, world, dps, settings):
    settings.REFERRAL_ANSWER_DAYS = 3
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(sent_at=now - datetime.timedelta(days=4))
    referral.refresh_from_db()

    client.force_login(world.counsellor)
    sender = client.get(reverse("referrals", args=[world.participant.public_id])).content.decode()
    client.force_login(dps["therapist"])
    receiver = client.get(reverse("referral_inbox")).content.decode()

    assert referral.is_overdue(now) is True
    assert referral.is_overdue(now - datetime.timedelta(days=2)) is False
    assert "Ikke besvart i tide" in sender and "Ikke besvart i tide" in receiver


def test_the_receiving_service_sees_who_and_why_and_the_read_is_logged(client, world, dps):
    _consent_to_work(world, dps)
    _send(world, dps["offer"])
    client.force_login(dps["therapist"])

    page = client.get(reverse("referral_inbox")).content.decode()

    assert "Sara Deltaker" in page and "Jobbmestring Helgeland" in page
    assert world.participant.national_id not in page
    entry = AccessLogEntry.objects.get(participant=world.participant)
    assert (entry.user, entry.role, entry.organisation_name, entry.basis, entry.what) == (
        dps["therapist"],
        Role.THERAPIST,
        "Helgeland DPS",
        Basis.REFERRAL,
        "henvisning",
    )


def test_the_receiver_answers_in_the_browser_form_and_bad_input_saves_nothing(client, world, dps):
    _consent_to_work(world, dps)
    referral = _send(world, dps["offer"])
    client.force_login(dps["therapist"])
    url = reverse("referral_answer", args=[referral.pk])

    refused = client.post(url, {"answer": "accept"})
    accepted = client.post(
        url,
        {
            "answer": "accept",
            "staff": [dps["therapist"].pk],
            "start_date": timezone.localdate().isoformat(),
        },
    )

    assert refused.status_code == 200
    assert "Velg hvem hos dere som blir med i teamet." in refused.content.decode()
    assert accepted.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED


def test_a_read_only_member_does_not_learn_of_a_referral_to_a_health_service(client, world, dps):
    _consent_to_work(world, dps)
    _send(world, dps["offer"])

    client.force_login(world.employer_contact)
    employer = client.get(reverse("referrals", args=[world.participant.public_id]))
    client.force_login(world.counsellor)
    counsellor = client.get(reverse("referrals", args=[world.participant.public_id]))

    assert "Jobbmestring Helgeland" not in employer.content.decode()
    assert "Jobbmestring Helgeland" in counsellor.content.decode()


def test_the_referral_form_shows_what_the_service_reads_and_what_lacks_consent(client, world, dps):
    client.force_login(world.counsellor)

    page = client.get(
        reverse("referral_new", args=[world.participant.public_id]),
        {"tilbud": dps["offer"].pk},
    ).content.decode()

    assert "Dette leser Helgeland DPS når de er med i teamet" in page
    assert "Plan og mål (fra egen sektor, uten samtykke)" in page
    assert "Arbeid og utdanning: <strong>mangler samtykke</strong>" in page
    # The form that sends it carries the one-time token (los/core/submissions.py).
    assert f'name="{SUBMISSION_FIELD}"' in page.split('method="post"')[-1]


def test_the_referral_form_refuses_a_closed_offer_in_norwegian(client, world, dps):
    _consent_to_work(world, dps)
    world.participant.municipality = MunicipalityFactory()
    world.participant.save()
    Offer.objects.filter(pk=dps["offer"].pk).update(is_open=False)
    client.force_login(world.counsellor)

    response = client.post(
        reverse("referral_new", args=[world.participant.public_id]),
        {"offer": dps["offer"].pk, "reason": "Trenger hjelp."},
    )

    assert response.status_code == 200
    assert "tar ikke imot nye nå. Velg et annet tilbud." in response.content.decode()
    assert Referral.objects.count() == 0


# --- Waiting time: dated cases computed by hand -------------------------------------------

TODAY = datetime.date(2026, 12, 1)


def _accepted(world, offer, sent: datetime.date, start: datetime.date):
    """An accepted referral of someone sent at noon on `sent`, started on `start`."""
    from tests.factories import ParticipantFactory

    return Referral.objects.create(
        participant=ParticipantFactory(),
        offer=offer,
        sent_by=world.counsellor,
        sent_by_role=Role.COUNSELLOR,
        sent_by_organisation=world.nav_office,
        sent_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(12))),
        reason="x",
        state=ReferralState.ACCEPTED,
        answered_at=timezone.make_aware(datetime.datetime.combine(sent, datetime.time(13))),
        start_date=start,
    )


@pytest.mark.parametrize(
    ("waits", "expected"),
    [
        ([3, 10, 7, 14, 21], 10),  # sorted 3 7 10 14 21: the middle one
        ([3, 10, 7, 14, 21, 30], 12),  # 10 and 14: 12
        ([4, 5, 9, 1, 5, 4], 5),  # 1 4 4 5 5 9: 4 and 5, 4.5 said as 5
    ],
)
def test_the_waiting_time_is_the_median_from_sent_to_start(world, dps, waits, expected):
    offer = dps["offer"]
    for days in waits:
        start = TODAY - datetime.timedelta(days=20)
        _accepted(world, offer, start - datetime.timedelta(days=days), start)

    waiting = queries.waiting_times([offer.pk], TODAY)[offer.pk]

    assert (waiting.shown, waiting.days) == (True, expected)


def test_no_waiting_time_from_fewer_than_five_referrals(world, dps):
    offer = dps["offer"]
    for days in [3, 10, 7, 14]:
        _accepted(
            world,
            offer,
            TODAY - datetime.timedelta(days=30 + days),
            TODAY - datetime.timedelta(days=30),
        )
    # Started more than a year before: does not count.
    _accepted(world, offer, datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))

    waiting = queries.waiting_times([offer.pk], TODAY)[offer.pk]

    assert (waiting.shown, waiting.days) == (False, None)


def test_the_threshold_is_the_setting(world, dps, settings):
    settings.MIN_CELL_SIZE = 3
    offer = dps["offer"]
    for days in [2, 4, 6]:
        _accepted(world, offer, datetime.date(2026, 11, 1), datetime.date(2026, 11, 1 + days))

    assert queries.waiting_times([offer.pk], TODAY)[offer.pk].days == 4


def test_the_public_page_shows_the_waiting_time_only_when_enough_are_behind_it(client, world, dps):
    offer = dps["offer"]
    today = timezone.localdate()
    for days in [3, 10, 7, 14]:
        _accepted(
            world,
            offer,
            today - datetime.timedelta(days=days + 1),
            today - datetime.timedelta(days=1),
        )
    url = reverse("offer_detail", args=[offer.pk])

    hidden = client.get(url).content.decode()
    _accepted(world, offer, today - datetime.timedelta(days=22), today - datetime.timedelta(days=1))
    shown = client.get(url).content.decode()

    assert "Ikke kjent ennå" in hidden
    assert "10 dager fra henvisning til oppstart" in shown


def test_an_open_referral_flags_the_caseload_of_those_who_may_know_of_it(world, dps, settings):
    from los.followup.caseload import caseload

    settings.REFERRAL_ANSWER_DAYS = 3
    _consent_to_work(world, dps)

    def row_of(user):
        return next(r for r in caseload(user) if r.participant.pk == world.participant.pk)

    before = row_of(world.counsellor).waiting_for_start  # the planned treatment
    employer_before = row_of(world.employer_contact).waiting_for_start
    referral = _send(world, dps["offer"])
    fresh = row_of(world.counsellor)
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=4)
    )
    late = row_of(world.counsellor)
    employer = row_of(world.employer_contact)
    services.referral_answer(
        user=dps["therapist"],
        referral_id=referral.pk,
        answer="accept",
        staff=[dps["therapist"]],
        start_date=timezone.localdate(),
    )
    taken_in = row_of(world.counsellor)

    assert fresh.waiting_for_start == before + 1
    assert "henvisningen er ikke besvart i tide" not in fresh.flags
    assert "henvisningen er ikke besvart i tide" in late.flags
    assert "venter på oppstart av tiltak eller behandling" in late.flags
    assert (employer.waiting_for_start, taken_in.waiting_for_start) == (employer_before, before)


def test_a_referral_tells_the_receiving_services_care_staff_and_nobody_else(world, dps):
    from django.core.cache import cache

    from los.notifications.models import Kind, Notice

    cache.clear()
    _consent_to_work(world, dps)

    referral = _send(world, dps["offer"])

    told = Notice.objects.filter(kind=Kind.REFERRAL_RECEIVED)
    assert {n.recipient_id for n in told} == {dps["therapist"].pk}
    assert all(n.link.endswith(f"/henvisninger/{referral.pk}/") for n in told)
