"""Dialogue meetings of a sickness case: a plan meeting linked as dialogue meeting 1 or 2
meets its checkpoint once held, and carries the tasks each party undertook; from the case,
a referral to Raskere tilbake or Senter for jobbmestring (docs/sick-leave.md § 7)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Role
from los.directory.models import Offer
from los.meetings.models import Invitation, Meeting, MeetingChannel, MeetingKind
from los.sickleave import queries, services
from los.sickleave.models import DialogueMeeting, DialogueTask, SicknessCase, SickNote
from los.sickleave.vocabulary import CheckpointKind, Party
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DM1 = CheckpointKind.DIALOGUE_MEETING_1
DM2 = CheckpointKind.DIALOGUE_MEETING_2


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def case(world):
    # 5 January 2026, 100 % to 31 March: dialogue meeting 1 is due 22 February (+48 days).
    case = SicknessCase.objects.create(
        participant=world.participant, employer=world.employer, created_by=world.gp
    )
    SickNote.objects.create(
        case=case,
        start=D(2026, 1, 5),
        end=D(2026, 3, 31),
        grade=100,
        graded_not_used_reason="Trenger ro de første ukene.",
        written_by="gp",
        created_by=world.gp,
    )
    return case


def _meeting(world, starts_at, *, kind=MeetingKind.DIALOGUE, participant=None, invite=()):
    meeting = Meeting.objects.create(
        participant=participant or world.participant,
        kind=kind,
        starts_at=starts_at,
        channel=MeetingChannel.IN_PERSON,
        organiser=world.counsellor,
        organiser_role=Role.COUNSELLOR,
        organiser_organisation=world.nav_office,
    )
    for user, role, org in invite:
        Invitation.objects.create(meeting=meeting, user=user, role=role, organisation=org)
    return meeting


def _access(user, world):
    return load_access(user, world.participant)


def _view(case):
    fresh = SicknessCase.objects.prefetch_related(*queries.CASE_PARTS).get(pk=case.pk)
    return queries.case_view(fresh, queries.all_rules())


def test_a_held_dialogue_meeting_meets_its_checkpoint_and_is_no_longer_due(world, case):
    meeting = _meeting(world, _at(D(2026, 2, 10)))
    services.dialogue_link(
        _access(world.counsellor, world), case, meeting_id=meeting.pk, checkpoint=DM1
    )

    view = _view(case)
    first = queries.checkpoint_of(view, DM1)
    assert (first.date, first.held_on, first.is_met) == (D(2026, 2, 22), D(2026, 2, 10), True)
    assert queries.checkpoint_of(view, DM2).held_on is None
    # Three days before the date it would be due; held, it is not.
    assert DM1 not in [c.kind for c in queries.due_soon(view, D(2026, 2, 19))]
    entry = ChangeLogEntry.objects.get(action="sickleave.dialogue_link")
    assert (entry.actor_id, entry.data) == (
        world.counsellor.pk,
        {"meeting": meeting.pk, "checkpoint": DM1},
    )


def test_without_a_held_meeting_the_checkpoint_is_due(world, case):
    view = _view(case)
    assert DM1 in [c.kind for c in queries.due_soon(view, D(2026, 2, 19))]
    assert DM1 not in [c.kind for c in queries.due_soon(view, D(2026, 2, 14))]  # 8 days ahead


def test_a_cancelled_meeting_or_one_before_the_case_meets_nothing_and_a_coming_one_is_planned(
    world, case
):
    access = _access(world.counsellor, world)
    before = _meeting(world, _at(D(2026, 1, 4), 15))  # the day before the first sick day
    cancelled = _meeting(world, _at(D(2026, 2, 12)))
    coming = _meeting(world, timezone.now() + datetime.timedelta(days=7))
    for meeting in (before, cancelled, coming):
        services.dialogue_link(access, case, meeting_id=meeting.pk, checkpoint=DM1)
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())

    first = queries.checkpoint_of(_view(case), DM1)
    assert first.held_on is None
    assert first.planned_on == timezone.localdate(coming.starts_at)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda w: _meeting(w, _at(D(2026, 2, 10)), kind=MeetingKind.EMPLOYER), "typen dialogmøte"),
        (lambda w: _meeting(w, _at(D(2026, 2, 10)), participant=w.other_participant), "Velg et av"),
    ],
)
def test_a_meeting_that_is_not_this_participants_dialogue_meeting_is_refused(
    world, case, make, error
):
    meeting = make(world)
    with pytest.raises(ValidationError) as refused:
        services.dialogue_link(
            _access(world.counsellor, world), case, meeting_id=meeting.pk, checkpoint=DM1
        )
    assert error in str(refused.value)
    assert DialogueMeeting.objects.count() == 0


def test_a_meeting_is_linked_once_and_a_cancelled_one_not_at_all(world, case):
    access = _access(world.counsellor, world)
    meeting = _meeting(world, _at(D(2026, 2, 10)))
    services.dialogue_link(access, case, meeting_id=meeting.pk, checkpoint=DM1)
    with pytest.raises(ValidationError, match="allerede koblet"):
        services.dialogue_link(access, case, meeting_id=meeting.pk, checkpoint=DM2)
    cancelled = _meeting(world, _at(D(2026, 2, 11)))
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    with pytest.raises(ValidationError, match="avlyst"):
        services.dialogue_link(access, case, meeting_id=cancelled.pk, checkpoint=DM1)
    with pytest.raises(ValidationError, match="dialogmøte 1 eller dialogmøte 2"):
        services.dialogue_link(access, case, meeting_id=meeting.pk, checkpoint="maximum_date")
    assert DialogueMeeting.objects.count() == 1


@pytest.mark.parametrize("who", ["employer_contact", "participant_user"])
def test_only_staff_who_follow_up_sick_leave_link_a_meeting(world, case, who):
    meeting = _meeting(world, _at(D(2026, 2, 10)))
    with pytest.raises(PermissionDenied):
        services.dialogue_link(
            _access(getattr(world, who), world), case, meeting_id=meeting.pk, checkpoint=DM1
        )


@pytest.fixture
def dialogue(world, case):
    meeting = _meeting(
        world,
        _at(D(2026, 2, 10)),
        invite=[(world.gp, Role.GP, world.gp_practice)],
    )
    return services.dialogue_link(
        _access(world.counsellor, world), case, meeting_id=meeting.pk, checkpoint=DM1
    )


@pytest.mark.parametrize("who", ["employer_contact", "participant_user", "counsellor", "gp"])
def test_each_party_writes_down_and_ticks_off_tasks(world, case, dialogue, who):
    access = _access(getattr(world, who), world)
    task = services.task_add(
        access,
        case,
        dialogue_id=dialogue.pk,
        party=Party.EMPLOYER,
        text="  Flytte telefonvakten  ",
        due=D(2026, 2, 10),  # the day of the meeting is allowed
    )
    services.task_mark(access, case, task_id=task.pk, done=True)
    task.refresh_from_db()
    assert (task.text, task.done_by_id) == ("Flytte telefonvakten", getattr(world, who).pk)
    services.task_mark(access, case, task_id=task.pk, done=False)
    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (None, None)
    assert list(
        ChangeLogEntry.objects.filter(object_type="sickleave.dialoguetask")
        .order_by("pk")
        .values_list("action", "data")
    ) == [
        ("sickleave.task_add", {"party": "employer", "due": "2026-02-10"}),
        ("sickleave.task_mark", {"done": True}),
        ("sickleave.task_mark", {"done": False}),
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "   "}, "text", "Skriv hva som skal gjøres."),
        ({"party": "boss"}, "party", "Velg hvem som skal gjøre oppgaven."),
        ({"due": D(2026, 2, 9)}, "due", "Fristen kan ikke være før møtet (10.2.2026)."),
        ({"text": "x" * 501}, "text", "høyst 500 tegn"),
    ],
)
def test_a_task_that_cannot_be_right_is_refused_and_nothing_saved(
    world, case, dialogue, fields, field, message
):
    values = {"party": Party.NAV, "text": "Vurdere aktivitetskravet", "due": None, **fields}
    with pytest.raises(ValidationError) as refused:
        services.task_add(_access(world.counsellor, world), case, dialogue_id=dialogue.pk, **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert DialogueTask.objects.count() == 0


def test_a_task_for_a_meeting_of_another_case_is_refused(world, case, dialogue):
    other_employer = SicknessCase.objects.create(
        participant=world.participant, employer=world.dps, created_by=world.gp
    )
    with pytest.raises(ValidationError, match="Velg et dialogmøte i dette sykefraværet"):
        services.task_add(
            _access(world.counsellor, world),
            other_employer,
            dialogue_id=dialogue.pk,
            party=Party.NAV,
            text="Noe",
        )


def test_the_case_page_shows_the_meetings_and_tasks_to_the_employer_without_the_meeting_link(
    client, world, case, dialogue
):
    services.task_add(
        _access(world.gp, world),
        case,
        dialogue_id=dialogue.pk,
        party=Party.GP,
        text="Kontroll om fire uker",
    )
    url = reverse("sickleave_case", args=[world.participant.public_id, case.pk])
    meeting_url = reverse("meeting_detail", args=[world.participant.public_id, dialogue.meeting_id])

    client.force_login(world.employer_contact)
    employer_page = client.get(url).content.decode()
    client.force_login(world.counsellor)
    counsellor_page = client.get(url).content.decode()

    for page in (employer_page, counsellor_page):
        assert "Dialogmøte 1 (arbeidsgiver), tirsdag 10. februar 2026 kl. 10:00" in page
        assert "Kontroll om fire uker" in page
        assert "holdt 10. februar 2026" in page
    # The employer contact was not invited: no way into the meeting, nor to link one.
    assert meeting_url not in employer_page
    assert "Koble et dialogmøte" not in employer_page
    assert meeting_url in counsellor_page
    # The GP was invited and has not answered: told to those who see the meeting.
    assert "Fastlegen er invitert: har ikke svart." in counsellor_page
    assert "Fastlegen er" not in employer_page
    assert "?type=dialogmote" in counsellor_page


def test_the_link_form_lists_only_dialogue_meetings_not_linked(client, world, case, dialogue):
    free = _meeting(world, _at(D(2026, 3, 2)))
    _meeting(world, _at(D(2026, 3, 3)), kind=MeetingKind.EMPLOYER)
    url = reverse("sickleave_case", args=[world.participant.public_id, case.pk])
    client.force_login(world.counsellor)

    page = client.get(url).content.decode()
    assert page.count("Dialogmøte 2. mars 2026 kl. 10:00") == 1
    assert "3. mars 2026" not in page
    response = client.post(
        reverse("dialogue_link", args=[world.participant.public_id, case.pk]),
        {"meeting": free.pk, "checkpoint": DM2},
    )
    assert response.status_code == 302
    assert DialogueMeeting.objects.get(meeting=free).checkpoint == DM2


def test_a_bad_task_is_shown_again_with_the_text_kept(client, world, case, dialogue):
    client.force_login(world.employer_contact)
    response = client.post(
        reverse("dialogue_task_new", args=[world.participant.public_id, case.pk]),
        {"dialogue": dialogue.pk, "party": "", "text": "Skjerme for telefon", "due": "1.1.2026"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Velg hvem som skal gjøre oppgaven." in page
    assert 'value="Skjerme for telefon"' in page
    assert DialogueTask.objects.count() == 0


def test_the_meeting_form_opens_as_a_dialogue_meeting_from_the_case(client, world):
    client.force_login(world.counsellor)
    page = client.get(
        reverse("meeting_new", args=[world.participant.public_id]), {"type": "dialogmote"}
    ).content.decode()
    assert '<option value="dialogue" selected>' in page


def test_the_case_offers_a_referral_to_raskere_tilbake_for_staff_only(client, world, case):
    world.participant.municipality = MunicipalityFactory()
    world.participant.save()
    offer = Offer.objects.create(
        organisation=world.dps,
        kind="raskere_tilbake",
        name="Raskere tilbake Salten",
        target_group="Sykmeldte",
        how_to_refer="Fastlegen henviser.",
    )
    offer.municipalities.add(world.participant.municipality)
    Offer.objects.create(
        organisation=world.dps, kind="kid", name="KID-kurs", target_group="x", how_to_refer="y"
    ).municipalities.add(world.participant.municipality)
    url = reverse("sickleave_case", args=[world.participant.public_id, case.pk])

    client.force_login(world.counsellor)
    page = client.get(url).content.decode()
    assert "Henvis til Raskere tilbake Salten (Salten DPS)" in page
    assert f"?tilbud={offer.pk}" in page
    assert "KID-kurs" not in page
    client.force_login(world.employer_contact)
    assert "Raskere tilbake Salten" not in client.get(url).content.decode()
