"""The Individual Plan's rules, through the domain functions and through the web."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category
from los.participants.models import Consent
from los.plans import services
from los.plans.models import ActivityKind, ActivityStatus, ActivityVersion, IndividualPlan
from tests.factories import header_count_known

pytestmark = pytest.mark.django_db


def _access(world, who):
    return load_access(getattr(world, who), world.participant)


def test_participant_proposes_and_counsellor_agrees(world):
    proposal = services.activity_add(
        access=_access(world, "participant_user"),
        kind=ActivityKind.OWN,
        title="Gå tur hver morgen",
        goal=world.goal,
    )
    assert (proposal.status, proposal.agreed, proposal.created_by_participant) == (
        ActivityStatus.PROPOSED,
        False,
        True,
    )

    agreed = services.activity_agree(
        access=_access(world, "counsellor"), activity_id=proposal.pk, expected_version=1
    )

    assert (agreed.status, agreed.agreed, agreed.version) == (ActivityStatus.PLANNED, True, 2)
    assert list(agreed.versions.values_list("version", "action", "changed_fields")) == [
        (2, "agreed", ["agreed", "status"]),
        (1, "created", []),
    ]
    assert ChangeLogEntry.objects.filter(action="activity.agreed").count() == 1


def test_participant_cannot_agree_or_edit_staff_activities(world):
    access = _access(world, "participant_user")

    with pytest.raises(PermissionDenied):
        services.activity_agree(access=access, activity_id=world.activity.pk, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.activity_update(
            access=access, activity_id=world.activity.pk, expected_version=1, title="Nytt"
        )


def test_participant_cannot_add_a_treatment(world):
    with pytest.raises(PermissionDenied):
        services.activity_add(
            access=_access(world, "participant_user"),
            kind=ActivityKind.TREATMENT,
            title="x",
            place="DPS",
        )


def test_agreed_activity_only_gets_new_status_or_due_date(world):
    access = _access(world, "counsellor")
    services.activity_agree(access=access, activity_id=world.activity.pk, expected_version=1)

    with pytest.raises(ValidationError) as error:
        services.activity_update(
            access=access, activity_id=world.activity.pk, expected_version=2, title="Annet"
        )
    moved = services.activity_update(
        access=access,
        activity_id=world.activity.pk,
        expected_version=2,
        status=ActivityStatus.IN_PROGRESS,
        due_date=datetime.date(2027, 1, 31),
    )

    assert error.value.messages == ["En avtalt aktivitet kan bare få ny status eller ny frist."]
    assert (moved.status, moved.due_date, moved.version) == (
        ActivityStatus.IN_PROGRESS,
        datetime.date(2027, 1, 31),
        3,
    )


def test_done_activity_is_locked(world):
    access = _access(world, "counsellor")
    services.activity_update(
        access=access, activity_id=world.activity.pk, expected_version=1, status=ActivityStatus.DONE
    )

    with pytest.raises(ValidationError) as error:
        services.activity_update(
            access=access,
            activity_id=world.activity.pk,
            expected_version=2,
            status=ActivityStatus.PLANNED,
        )

    assert error.value.messages == ["En fullført eller avbrutt aktivitet kan ikke endres."]


def test_status_cannot_jump_back_to_proposed(world):
    with pytest.raises(ValidationError) as error:
        services.activity_update(
            access=_access(world, "counsellor"),
            activity_id=world.activity.pk,
            expected_version=1,
            status=ActivityStatus.PROPOSED,
        )

    assert error.value.message_dict["status"] == [
        "En aktivitet med status «planlagt» kan ikke bli «forslag»."
    ]


def test_stale_edit_is_refused_and_nothing_changes(world):
    access = _access(world, "counsellor")
    services.activity_update(
        access=access, activity_id=world.activity.pk, expected_version=1, title="Første"
    )

    with pytest.raises(ValidationError) as error:
        services.activity_update(
            access=access, activity_id=world.activity.pk, expected_version=1, title="Andre"
        )

    world.activity.refresh_from_db()
    assert error.value.code == "stale"
    assert (world.activity.title, world.activity.version) == ("Første", 2)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": ActivityKind.JOB_APPLICATION, "job_title": "Selger"}, "employer_name",
         "Skriv hvilken arbeidsgiver søknaden gjelder."),
        ({"kind": ActivityKind.IN_WORK, "hours_per_week": Decimal("-1")}, "hours_per_week",
         "Timer per uke må være mellom 0 og 100."),
        ({"kind": ActivityKind.OWN, "start_date": datetime.date(2027, 2, 1),
          "due_date": datetime.date(2027, 1, 1)}, "due_date",
         "Fristen kan ikke være før startdatoen."),
    ],
)  # fmt: skip
def test_bad_activity_values_are_refused(world, values, field, message):
    before = (ActivityVersion.objects.count(), ChangeLogEntry.objects.count())

    with pytest.raises(ValidationError) as error:
        services.activity_add(access=_access(world, "counsellor"), title="Test", **values)

    assert error.value.message_dict[field] == [message]
    assert (ActivityVersion.objects.count(), ChangeLogEntry.objects.count()) == before


def test_only_one_active_plan(world):
    with pytest.raises(ValidationError):
        services.plan_create(access=_access(world, "counsellor"))

    assert IndividualPlan.objects.filter(participant=world.participant).count() == 1


def test_coordinator_must_be_on_the_team(world):
    with pytest.raises(ValidationError) as error:
        services.plan_update(
            access=_access(world, "counsellor"),
            expected_version=1,
            coordinator=world.colleague,
            next_review=None,
        )

    assert error.value.message_dict["coordinator"] == ["Koordinatoren må være med i teamet."]


def test_withdrawn_consent_hides_the_treatment_activity_everywhere(client, world):
    client.force_login(world.counsellor)
    plan_url = reverse("plan", args=[world.participant.public_id])
    treatment_url = reverse(
        "activity_detail", args=[world.participant.public_id, world.treatment.pk]
    )
    assert world.treatment.title in client.get(plan_url).content.decode()
    Consent.objects.filter(category=Category.HEALTH_SUMMARY).update(
        withdrawn_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    page = client.get(plan_url).content.decode()

    assert world.treatment.title not in page
    assert "Salten DPS" not in page
    assert client.get(treatment_url).status_code == 404


def test_gp_sees_the_treatment_as_health_personnel(client, world):
    client.force_login(world.gp)

    page = client.get(reverse("plan", args=[world.participant.public_id])).content.decode()

    assert world.treatment.title in page


def test_stale_edit_in_the_browser_form_keeps_the_text(client, world):
    client.force_login(world.counsellor)
    url = reverse("activity_edit", args=[world.participant.public_id, world.activity.pk])
    base = {"kind": "job_search", "status": "planned", "goal": world.goal.pk}
    client.post(url, {**base, "version": 1, "title": "Lagret av en annen"})

    response = client.post(url, {**base, "version": 1, "title": "Min tekst"})

    world.activity.refresh_from_db()
    assert response.status_code == 200
    assert "Noen andre har endret dette" in response.context["form"].non_field_errors()[0]
    assert 'value="Min tekst"' in response.content.decode()
    assert world.activity.title == "Lagret av en annen"


def test_history_names_the_changed_fields(client, world):
    access = _access(world, "counsellor")
    services.activity_update(
        access=access,
        activity_id=world.activity.pk,
        expected_version=1,
        status=ActivityStatus.IN_PROGRESS,
        due_date=datetime.date(2027, 3, 1),
    )
    client.force_login(world.counsellor)

    page = client.get(
        reverse("activity_detail", args=[world.participant.public_id, world.activity.pk])
    ).content.decode()

    assert "Kari Veileder endret frist, status (versjon 2)" in page


def test_participant_writes_a_goal_in_own_words(client, world):
    client.force_login(world.participant_user)

    response = client.post(
        reverse("goal_new", args=[world.participant.public_id]),
        {"kind": "education", "text": "Fullføre fagbrev som kokk", "target_date": "2028-06-01"},
    )

    assert response.status_code == 302
    assert world.plan.goals.filter(
        text="Fullføre fagbrev som kokk", created_by=world.participant_user
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "work", "text": ""}, "text"),
        ({"kind": "unknown", "text": "x"}, "kind"),
        ({"kind": "work", "text": "x" * 1001}, "text"),
        ({"kind": "work", "text": "x", "target_date": "32.13.2026"}, "target_date"),
    ],
)
def test_bad_goal_input_is_refused(client, world, data, field):
    client.force_login(world.counsellor)
    before = world.plan.goals.count()

    response = client.post(reverse("goal_new", args=[world.participant.public_id]), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert world.plan.goals.count() == before


@pytest.mark.parametrize("size", [1, 50])
def test_plan_page_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries, size):
    from los.plans.models import Activity, Goal

    for number in range(size - 1):
        goal = Goal.objects.create(
            plan=world.plan, kind="work", text=f"Mål {number}", created_by=world.counsellor
        )
        Activity.objects.create(
            plan=world.plan, goal=goal, kind="own", title=f"A{number}", created_by=world.counsellor
        )
    client.force_login(world.counsellor)
    header_count_known(world.counsellor)

    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(reverse("plan", args=[world.participant.public_id]))

    assert len(response.context["overview"].goals) == size + 1  # and the group without goal


PLAN_PAGE_QUERIES = 16  # the page's reads logged in one insert


def test_after_a_plan_conflict_the_next_save_goes_through(client, world):
    client.force_login(world.counsellor)
    url = reverse("plan_edit", args=[world.participant.public_id])
    client.post(
        url, {"version": 1, "coordinator": world.counsellor.pk, "next_review": "2027-01-10"}
    )

    conflict = client.post(url, {"version": 1, "coordinator": "", "next_review": "2027-02-01"})
    retry = client.post(
        url,
        {
            "version": conflict.context["form"].data["version"],
            "coordinator": "",
            "next_review": "2027-02-01",
        },
    )

    world.plan.refresh_from_db()
    assert "Noen andre har endret dette" in conflict.context["form"].non_field_errors()[0]
    assert retry.status_code == 302
    assert (world.plan.next_review, world.plan.coordinator, world.plan.version) == (
        datetime.date(2027, 2, 1),
        None,
        3,
    )


@pytest.mark.parametrize("target_date", ["2020-06-01", "0001-01-01", "9999-12-31"])
def test_a_goal_target_date_in_past_years_or_far_ahead_is_refused(client, world, target_date):
    client.force_login(world.counsellor)

    response = client.post(
        reverse("goal_new", args=[world.participant.public_id]),
        {"kind": "work", "text": "Jobbe i butikk", "target_date": target_date},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["target_date"]
    assert not world.plan.goals.filter(text="Jobbe i butikk").exists()


def test_the_plan_overview_carries_no_count_of_what_the_viewer_may_not_see():
    """A count of hidden activities would tell a NAV counsellor that treatment is planned."""
    import dataclasses

    from los.plans.queries import PlanOverview

    assert [f.name for f in dataclasses.fields(PlanOverview)] == ["plan", "goals"]
