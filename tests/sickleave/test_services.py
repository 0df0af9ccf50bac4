"""Recording sick notes, the activity requirement and the checkpoint rules: bad input is
refused with a Norwegian error and nothing saved; every change is logged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.sickleave import queries, services
from los.sickleave.models import (
    ActivityRequirement,
    CheckpointRule,
    CheckpointRuleVersion,
    SicknessCase,
    SickNote,
)
from los.sickleave.vocabulary import ActivityStatus, CheckpointKind

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def case(world):
    access = load_access(world.gp, world.participant)
    return services.case_open(access, employer=world.employer)


def add(world, case, user=None, **fields):
    access = load_access(user or world.gp, world.participant)
    values = {
        "start": D(2026, 1, 5),
        "end": D(2026, 1, 25),
        "grade": 50,
        "written_by": "gp",
        "diagnosis_chapter": "P",
    }
    values.update(fields)
    return services.note_add(access, case, **values)


def refused(world, case, **fields):
    notes, changes = SickNote.objects.count(), ChangeLogEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        add(world, case, **fields)
    assert (SickNote.objects.count(), ChangeLogEntry.objects.count()) == (notes, changes)
    return error.value.message_dict


def test_a_note_is_saved_and_logged_without_its_diagnosis(world, case):
    note = add(world, case)

    entry = ChangeLogEntry.objects.get(action="sickleave.note_add")
    assert (note.grade, note.diagnosis_chapter) == (50, "P")
    assert entry.data == {"start": "2026-01-05", "end": "2026-01-25", "grade": 50}
    assert entry.participant == world.participant


def test_a_note_ending_before_it_starts_is_refused(world, case):
    errors = refused(world, case, start=D(2026, 2, 10), end=D(2026, 2, 9))

    assert errors["end"] == ["Sykmeldingen kan ikke slutte før den begynner."]


@pytest.mark.parametrize("grade", [-1, 101, None])
def test_a_grade_outside_0_to_100_is_refused(world, case, grade):
    errors = refused(world, case, grade=grade)

    assert errors["grade"] == ["Sykmeldingsgraden må være et helt tall fra 0 til 100 prosent."]


def test_a_full_note_must_say_why_graded_leave_was_not_used(world, case):
    errors = refused(world, case, grade=100, graded_not_used_reason="  ")

    assert "gradert sykmelding skal alltid vurderes først" in errors["graded_not_used_reason"][0]
    note = add(world, case, grade=100, graded_not_used_reason="Kan ikke være på jobb nå.")
    assert note.graded_not_used_reason == "Kan ikke være på jobb nå."


def test_overlapping_notes_that_disagree_are_refused(world, case):
    add(world, case, grade=50)

    errors = refused(world, case, start=D(2026, 1, 20), end=D(2026, 2, 10), grade=80)

    assert errors["start"] == [
        "Sykmeldingen overlapper med sykmeldingen 5.1.2026–25.1.2026 på 50 % for samme "
        "arbeidsgiver. Rett den som er feil, eller bruk samme grad."
    ]
    # The same grade over the same days agrees: an extension is saved.
    add(world, case, start=D(2026, 1, 20), end=D(2026, 2, 10), grade=50)


def test_overlap_with_another_employer_is_no_clash(world, case):
    from tests.factories import OrganisationFactory

    add(world, case, grade=50)
    other = services.case_open(
        load_access(world.gp, world.participant),
        employer=OrganisationFactory(name="Butikk AS", kind="employer"),
    )

    add(world, other, grade=100, graded_not_used_reason="Ingen oppgaver der kan graderes.")

    assert SickNote.objects.count() == 2


def test_the_database_refuses_what_the_service_refuses(world, case):
    for fields in (
        {"start": D(2026, 2, 2), "end": D(2026, 2, 1), "grade": 50},
        {"start": D(2026, 2, 1), "end": D(2026, 2, 2), "grade": 120},
        {"start": D(2026, 2, 1), "end": D(2026, 2, 2), "grade": 100},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            SickNote.objects.create(case=case, written_by="gp", created_by=world.gp, **fields)


def test_an_employer_contact_and_the_participant_cannot_write_notes(world, case):
    for user in (world.employer_contact, world.participant_user):
        with pytest.raises(PermissionDenied):
            add(world, case, user=user)
    assert SickNote.objects.count() == 0


def test_opening_a_case_needs_an_employer(world):
    access = load_access(world.counsellor, world.participant)

    with pytest.raises(ValidationError):
        services.case_open(access, employer=world.nav_office)

    assert SicknessCase.objects.count() == 0


def _checkpoint(case, kind):
    view = queries.case_view(case, queries.all_rules())
    return queries.checkpoint_of(view, kind).date


def test_changing_a_rules_validity_changes_the_checkpoints(world, case):
    add(world, case, start=D(2026, 1, 5), end=D(2026, 6, 30), grade=50)
    assert _checkpoint(case, CheckpointKind.DIALOGUE_MEETING_1) == D(2026, 2, 22)
    current = CheckpointRule.objects.get(kind=CheckpointKind.DIALOGUE_MEETING_1)

    # The law changes from 2026: dialogue meeting 1 within 6 weeks. The old rule ends first.
    current.valid_to = D(2025, 12, 31)
    services.rule_save(current, by=world.admin)
    services.rule_save(
        CheckpointRule(
            kind=CheckpointKind.DIALOGUE_MEETING_1,
            amount=41,
            title="Dialogmøte 1",
            meaning="Innen seks uker.",
            source="Tenkt lovendring",
            valid_from=D(2026, 1, 1),
        ),
        by=world.admin,
    )

    assert _checkpoint(case, CheckpointKind.DIALOGUE_MEETING_1) == D(2026, 2, 15)
    # Moving the new rule's start after the case's first day brings back no rule at all.
    new = CheckpointRule.objects.get(kind=CheckpointKind.DIALOGUE_MEETING_1, amount=41)
    new.valid_from = D(2026, 2, 1)
    services.rule_save(new, by=world.admin)
    assert _checkpoint(case, CheckpointKind.DIALOGUE_MEETING_1) is None
    # Each save is kept: the shipped version and the end date.
    assert list(current.versions.values_list("number", "data__valid_to")) == [
        (1, None),
        (2, "2025-12-31"),
    ]
    assert new.versions.count() == 2


def test_two_rules_of_one_kind_may_not_overlap(world):
    with pytest.raises(ValidationError) as error:
        services.rule_save(
            CheckpointRule(
                kind=CheckpointKind.FOLLOW_UP_PLAN,
                amount=20,
                title="x",
                meaning="x",
                source="x",
                valid_from=D(2026, 1, 1),
            ),
            by=world.admin,
        )

    assert "En annen regel for samme frist gjelder" in error.value.message_dict["valid_from"][0]
    assert CheckpointRule.objects.filter(kind=CheckpointKind.FOLLOW_UP_PLAN).count() == 1
    assert CheckpointRuleVersion.objects.filter(rule__kind="follow_up_plan").count() == 1


def test_the_shipped_rules_are_installed_with_their_sources():
    rules = {r.kind: r for r in CheckpointRule.objects.all()}

    assert set(rules) == set(CheckpointKind.values)
    assert rules["dialogue_meeting_2"].source == "Folketrygdloven § 8-7 a første ledd"
    assert (rules["maximum_date"].amount, rules["maximum_date"].counting) == (248, "benefit_days")


def test_the_activity_requirement_moves_through_its_states_logged(world, case):
    access = load_access(world.counsellor, world.participant)
    start = D(2026, 1, 5)
    today = D(2026, 3, 2)

    services.activity_requirement_set(access, case, period_start=start, status="waiting")
    with pytest.raises(ValidationError) as error:
        services.activity_requirement_set(
            access, case, period_start=start, status="exception", exception_reason="weather"
        )
    assert error.value.message_dict["exception_reason"] == ["Velg grunnen til unntaket."]
    with pytest.raises(ValidationError) as error:
        services.activity_requirement_set(
            access,
            case,
            period_start=start,
            status="advance_notice",
            reply_deadline=D(2026, 3, 20),
            today=today,
        )
    assert error.value.message_dict["reply_deadline"] == [
        "Svarfristen må være mellom 21 og 42 dager fram i tid (23.3.2026–13.4.2026)."
    ]
    services.activity_requirement_set(
        access,
        case,
        period_start=start,
        status="advance_notice",
        reply_deadline=D(2026, 3, 23),
        today=today,
    )
    requirement = services.activity_requirement_set(
        access, case, period_start=start, status="exception", exception_reason="medical"
    )

    assert (requirement.status, requirement.reply_deadline) == (ActivityStatus.EXCEPTION, None)
    logged = ChangeLogEntry.objects.filter(action="sickleave.activity_requirement").order_by("pk")
    assert [(e.data["from"], e.data["to"]) for e in logged] == [
        ("new", "waiting"),
        ("waiting", "advance_notice"),
        ("advance_notice", "exception"),
    ]
    assert ActivityRequirement.objects.count() == 1


def test_only_nav_assesses_the_activity_requirement(world, case):
    for user in (world.gp, world.employer_contact, world.participant_user):
        with pytest.raises(PermissionDenied):
            services.activity_requirement_set(
                load_access(user, world.participant),
                case,
                period_start=D(2026, 1, 5),
                status="fulfilled",
            )


def test_the_admin_saves_a_changed_rule_as_a_new_version(client, world):
    rule = CheckpointRule.objects.get(kind=CheckpointKind.LATE_PHASE)
    client.force_login(world.admin)
    url = f"/admin/sickleave/checkpointrule/{rule.pk}/change/"
    fields = {
        "kind": rule.kind,
        "counting": rule.counting,
        "amount": rule.amount,
        "title": rule.title,
        "meaning": rule.meaning,
        "source": rule.source,
        "source_url": rule.source_url,
        "valid_from": "2011-07-01",
        "valid_to": "2011-06-30",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }

    refused = client.post(url, fields)
    fields["valid_to"] = "2030-12-31"
    saved = client.post(url, fields)

    assert refused.status_code == 200
    assert "Regelen kan ikke slutte å gjelde før den begynner." in refused.content.decode()
    assert saved.status_code == 302
    assert list(rule.versions.values_list("number", "data__valid_to", "saved_by")) == [
        (1, None, None),
        (2, "2030-12-31", world.admin.pk),
    ]
    assert client.post(f"/admin/sickleave/checkpointrule/{rule.pk}/delete/").status_code == 403


def test_only_someone_who_reads_the_health_summary_writes_a_diagnosis(world, case):
    from los.participants.models import Consent

    Consent.objects.filter(participant=world.participant).delete()

    with pytest.raises(PermissionDenied):
        add(world, case, user=world.counsellor, diagnosis_chapter="P")
    note = add(world, case, user=world.counsellor, diagnosis_chapter="")

    assert note.diagnosis_chapter == ""


def test_sickness_cases_and_notes_are_never_in_the_admin():
    from django.contrib import admin

    registered = set(admin.site._registry)

    assert CheckpointRule in registered
    assert registered.isdisjoint({SicknessCase, SickNote, ActivityRequirement})
