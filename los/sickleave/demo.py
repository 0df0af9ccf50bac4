"""Demo data for sick-leave follow-up: Ida, Sara's colleague at Bodø Bygg og Anlegg AS, on
sick leave for 50 days: two weeks at 100 %, then graded at 50 %. The follow-up plan is made,
dialogue meeting 1 was held (linked to the case, with a task for each party, one of them
done), and the activity requirement falls due in five days. Loaded by
los/demo/demo_data.py; idempotent."""

from __future__ import annotations

import datetime
import random

from los.core.days import start_of
from los.core.identifiers import synthetic_national_id
from los.core.vocabulary import Role
from los.meetings.models import Invitation, Meeting, MeetingChannel, MeetingKind
from los.participants.models import CareTeamMembership, Participant
from los.sickleave.models import (
    ActivityRequirement,
    DialogueMeeting,
    DialogueTask,
    FollowUpPlan,
    SicknessCase,
    SickNote,
)
from los.sickleave.vocabulary import ActivityStatus, CheckpointKind, Party

# Day 50 of the case: the activity requirement (first day + 55 days) is five days ahead.
DAYS_ON_SICK_LEAVE = 50


def _female_number(birth_date: datetime.date) -> str:
    """A synthetic number whose ninth digit is even: legal gender female, as Ida's name."""
    rng = random.Random(15)  # noqa: S311 (synthetic test data, not a secret)
    while True:
        number = synthetic_national_id(birth_date, rng)
        if int(number[8]) % 2 == 0:
            return number


def load_sick_leave_demo(*, users, organisations, municipality, today: datetime.date) -> None:
    employer = organisations["Bodø Bygg og Anlegg AS"]
    nav = organisations["NAV Bodø"]
    gp_practice = organisations["Sentrum legekontor Bodø"]
    ida = Participant.objects.filter(first_name="Ida", last_name="Solberg").first()
    if ida is None:
        ida = Participant(
            first_name="Ida",
            last_name="Solberg",
            birth_date=datetime.date(1990, 11, 2),
            municipality=municipality,
        )
        ida.set_national_id(_female_number(ida.birth_date), "fnr")
        ida.save()
    first_day = today - datetime.timedelta(days=DAYS_ON_SICK_LEAVE)
    for key, role, org in [
        ("veileder", Role.COUNSELLOR, nav),
        ("fastlege", Role.GP, gp_practice),
        ("arbeidsgiver", Role.EMPLOYER_CONTACT, employer),
    ]:
        CareTeamMembership.objects.get_or_create(
            participant=ida,
            user=users[key],
            organisation=org,
            role=role,
            defaults={"start_date": first_day, "added_by": users["veileder"]},
        )
    case, created = SicknessCase.objects.get_or_create(
        participant=ida, employer=employer, defaults={"created_by": users["fastlege"]}
    )
    if not created:
        return
    SickNote.objects.create(
        case=case,
        start=first_day,
        end=first_day + datetime.timedelta(days=13),
        grade=100,
        graded_not_used_reason=(
            "Trengte full ro de første ukene; gradert vurderes ved neste kontroll."
        ),
        written_by="gp",
        diagnosis_chapter="P",
        created_by=users["fastlege"],
    )
    SickNote.objects.create(
        case=case,
        start=first_day + datetime.timedelta(days=14),
        end=today + datetime.timedelta(days=30),
        grade=50,
        written_by="gp",
        diagnosis_chapter="P",
        created_by=users["fastlege"],
    )
    FollowUpPlan.objects.create(
        case=case,
        employee_tasks=(
            "Jobbe formiddager, tre timer om dagen. Si fra til lederen når det blir for mye."
        ),
        employer_tasks="Skjerme Ida for kundetelefonen. Fast samtale hver fredag.",
        nav_tasks="Vurdere aktivitetskravet ved åtte uker.",
        gp_tasks="Kontroll før sykmeldingen går ut.",
        adjustments="Eget kontor på formiddagen, ingen kveldsvakter.",
        review_date=today + datetime.timedelta(days=14),
        updated_by=users["arbeidsgiver"],
    )
    ActivityRequirement.objects.create(
        case=case,
        period_start=first_day,
        status=ActivityStatus.WAITING,
        updated_by=users["veileder"],
    )
    held = start_of(first_day + datetime.timedelta(days=40)) + datetime.timedelta(hours=10)
    meeting = Meeting.objects.create(
        participant=ida,
        kind=MeetingKind.DIALOGUE,
        starts_at=held,
        channel=MeetingChannel.IN_PERSON,
        place="Bodø Bygg og Anlegg AS, møterom 1",
        agenda="Dialogmøte 1: hva Ida kan gjøre på jobb, og tilrettelegging.",
        organiser=users["arbeidsgiver"],
        organiser_role=Role.EMPLOYER_CONTACT,
        organiser_organisation=employer,
        minutes=(
            "Ida jobber 50 % formiddager. Oppgaver: Ida sier fra om belastningen; "
            "arbeidsgiveren skjermer for telefon; NAV vurderer aktivitetskravet; "
            "fastlegen har kontroll om fire uker."
        ),
        minutes_published_at=held + datetime.timedelta(days=1),
        minutes_published_by=users["arbeidsgiver"],
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                meeting=meeting,
                user=users["arbeidsgiver"],
                role=Role.EMPLOYER_CONTACT,
                organisation=employer,
            ),
            Invitation(
                meeting=meeting, user=users["veileder"], role=Role.COUNSELLOR, organisation=nav
            ),
            Invitation(
                meeting=meeting, user=users["fastlege"], role=Role.GP, organisation=gp_practice
            ),
            Invitation(meeting=meeting, is_participant=True),
        ]
    )
    dialogue = DialogueMeeting.objects.create(
        case=case,
        meeting=meeting,
        checkpoint=CheckpointKind.DIALOGUE_MEETING_1,
        linked_by=users["veileder"],
    )
    after = held.date()
    DialogueTask.objects.bulk_create(
        [
            DialogueTask(
                dialogue=dialogue,
                party=Party.EMPLOYEE,
                text="Si fra til lederen på fredagssamtalen hvis belastningen blir for stor.",
                created_by=users["veileder"],
            ),
            DialogueTask(
                dialogue=dialogue,
                party=Party.EMPLOYER,
                text="Flytte kundetelefonen til en kollega i sykmeldingsperioden.",
                due=after + datetime.timedelta(days=3),
                done_at=held + datetime.timedelta(days=2),
                done_by=users["arbeidsgiver"],
                created_by=users["arbeidsgiver"],
            ),
            DialogueTask(
                dialogue=dialogue,
                party=Party.NAV,
                text="Vurdere aktivitetskravet før åtte uker.",
                due=first_day + datetime.timedelta(days=55),
                created_by=users["veileder"],
            ),
            DialogueTask(
                dialogue=dialogue,
                party=Party.GP,
                text="Kontroll hos fastlegen om fire uker.",
                due=after + datetime.timedelta(days=28),
                created_by=users["fastlege"],
            ),
        ]
    )
