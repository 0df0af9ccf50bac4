"""manage.py export_indicators: one pseudonymised row per enrolment, as CSV or JSON, by a
named programme manager, logged in each participant's access log, and refused when a
group is smaller than settings.MIN_CELL_SIZE."""

import csv
import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from los.access.audit import WHAT_STATISTICS_EXPORT
from los.access.models import AccessLogEntry, Basis, ChangeLogEntry
from los.core.crypto import pseudonym
from los.core.vocabulary import Category, Role
from los.pathways.management.commands.export_indicators import COLUMNS
from los.pathways.models import Enrolment, MainGoal, Programme, ReferralSource
from tests.factories import OrganisationFactory, ParticipantFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    directorate = OrganisationFactory(name="Helsedirektoratet")
    return staff_user(
        directorate, Role.PROGRAMME_MANAGER, first_name="Hege", last_name="Vik", mfa=False
    )


def _enrol(world, programme_code="ips", count=1):
    programme = Programme.objects.get(code=programme_code)
    today = timezone.localdate()
    participants = []
    for _ in range(count):
        participant = ParticipantFactory()
        Enrolment.objects.create(
            participant=participant,
            programme=programme,
            organisation=world.nav_office,
            job_specialist=world.counsellor,
            referral_date=today - datetime.timedelta(days=30),
            referral_source=ReferralSource.NAV,
            main_goal=MainGoal.WORK,
            stage=programme.stages.order_by("order").first(),
            stage_since=today - datetime.timedelta(days=30),
            created_by=world.counsellor,
        )
        participants.append(participant)
    return participants


@pytest.fixture
def enough(world):
    """The world's participant and four more in IPS: one group of MIN_CELL_SIZE."""
    assert settings.MIN_CELL_SIZE == 5
    return _enrol(world, count=4)


def _export(manager, *args) -> str:
    out = io.StringIO()
    call_command("export_indicators", "--actor", manager.email, *args, stdout=out)
    return out.getvalue()


def test_csv_has_one_row_per_enrolment_and_nothing_that_names_the_person(world, manager, enough):
    text = _export(manager, "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    [row] = [r for r in rows if r["participant"] == pseudonym(str(world.participant.public_id))]
    assert (row["programme"], row["competitive_jobs"], row["days_to_first_job"]) == (
        "ips",
        "1",
        "40",
    )
    for secret in (world.participant.first_name, world.participant.last_name, "Bygg AS"):
        assert secret not in text
    assert str(world.participant.public_id) not in text
    entry = ChangeLogEntry.objects.get(action="indicators.exported")
    assert (entry.actor, entry.data) == (manager, {"format": "csv", "rows": 5})


def test_json_to_a_file_gives_the_same_pseudonyms_every_time(world, manager, enough, tmp_path):
    target = tmp_path / "indikatorer.json"

    call_command(
        "export_indicators",
        "--actor",
        manager.email,
        "--format",
        "json",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    first = json.loads(target.read_text(encoding="utf-8"))
    again = json.loads(_export(manager, "--format", "json"))

    assert first == again
    [mine] = [r for r in first if r["participant"] == pseudonym(str(world.participant.public_id))]
    assert mine["hours_per_week"] == 20.0 and mine["first_contact_in_time"] is False


def test_the_export_has_every_indicator_of_the_enrolment(world, manager, enough):
    # The world's enrolment, by hand: referred day -60, started day -50, no pause, no
    # face-to-face employer contact (so late: 50 active days > 30), a competitive job from
    # day -10 at 20 hours (11 days today included: 1 whole week), an adult-education course
    # begun day -20 and still going.
    rows = json.loads(_export(manager, "--format", "json"))

    [mine] = [r for r in rows if r["participant"] == pseudonym(str(world.participant.public_id))]
    figures = {k: v for k, v in mine.items() if k not in ("enrolment", "participant")}
    assert figures == {
        "programme": "ips",
        "referral_source": "dps",
        "referral_month": f"{world.enrolment.referral_date:%Y-%m}",
        "start_month": f"{world.enrolment.start_date:%Y-%m}",
        "main_goal": "work",
        "stage_phase": "working",
        "ended": False,
        "end_cause": None,
        "days_referral_to_start": 10,
        "days_to_first_employer_contact": None,
        "days_to_first_employer_contact_passive_days": None,
        "days_to_first_employer_contact_active_days": None,
        "days_to_first_job": 40,
        "days_to_first_job_passive_days": 0,
        "days_to_first_job_active_days": 40,
        "days_to_first_competitive_job": 40,
        "days_to_first_competitive_job_passive_days": 0,
        "days_to_first_competitive_job_active_days": 40,
        "first_contact_in_time": False,
        "jobs": 1,
        "competitive_jobs": 1,
        "job_starts": 1,
        "competitive_job_starts": 1,
        "job_tenure_days": 11,
        "job_tenure_weeks": 1,
        "hours_per_week": 20.0,
        "education_starts": 1,
        "education_completions": 0,
    }
    assert list(mine) == COLUMNS


def test_each_participant_sees_the_export_on_their_who_looked_page(client, world, manager, enough):
    _export(manager)

    entries = AccessLogEntry.objects.filter(what=WHAT_STATISTICS_EXPORT)
    assert sorted(entries.values_list("participant_id", flat=True)) == sorted(
        [world.participant.pk, *(p.pk for p in enough)]
    )
    entry = entries.get(participant=world.participant)
    assert (entry.user, entry.role, entry.organisation_name, entry.category, entry.basis) == (
        manager,
        Role.PROGRAMME_MANAGER,
        "Helsedirektoratet",
        Category.EMPLOYMENT,
        Basis.STATISTICS,
    )
    client.force_login(world.participant_user)
    page = client.get(reverse("access_log", args=[world.participant.public_id]))
    assert (
        "Hege Vik, programansvarlig (direktorat), Helsedirektoratet, tok med tall om "
        "arbeidsløpet ditt, uten navn og fødselsnummer, i et uttrekk til statistikk"
    ) in page.content.decode()


def test_an_export_of_fewer_participants_than_the_minimum_cell_size_is_refused(
    world, manager, tmp_path
):
    """With the world's one enrolment, the «pseudonymised» row is one known person."""
    _enrol(world, count=3)  # four in all
    target = tmp_path / "ut.csv"

    with pytest.raises(CommandError, match="minst 5 deltakere") as error:
        call_command("export_indicators", "--actor", manager.email, "--output", str(target))

    assert "Ingen fil er skrevet." in str(error.value)
    assert not target.exists()
    assert not AccessLogEntry.objects.filter(what=WHAT_STATISTICS_EXPORT).exists()
    assert not ChangeLogEntry.objects.filter(action="indicators.exported").exists()


def test_a_programme_with_fewer_than_the_minimum_is_refused_even_if_the_total_is_enough(
    world, manager, enough, tmp_path
):
    _enrol(world, "ips-ung", count=2)
    target = tmp_path / "ut.csv"

    with pytest.raises(CommandError, match="ips-ung") as error:
        call_command("export_indicators", "--actor", manager.email, "--output", str(target))

    assert "ips," not in str(error.value)  # the big enough group is not named
    assert not target.exists()
    assert not AccessLogEntry.objects.filter(what=WHAT_STATISTICS_EXPORT).exists()


@pytest.mark.parametrize("who", ["counsellor", "nobody", "inactive"])
def test_only_an_active_programme_manager_may_export(world, manager, enough, who):
    if who == "inactive":
        manager.staff_roles.update(active=False)
    email = {"counsellor": world.counsellor.email, "nobody": "ingen@test.los.no"}.get(
        who, manager.email
    )

    with pytest.raises(CommandError, match="ikke en aktiv programansvarlig"):
        call_command("export_indicators", "--actor", email, stdout=io.StringIO())

    assert not AccessLogEntry.objects.filter(what=WHAT_STATISTICS_EXPORT).exists()


def test_an_unwritable_output_is_a_clear_error_and_logs_nothing(world, manager, enough, tmp_path):
    with pytest.raises(CommandError, match="Kan ikke skrive"):
        call_command(
            "export_indicators",
            "--actor",
            manager.email,
            "--output",
            str(tmp_path / "mangler" / "x.csv"),
        )

    assert not AccessLogEntry.objects.filter(what=WHAT_STATISTICS_EXPORT).exists()
    assert not ChangeLogEntry.objects.filter(action="indicators.exported").exists()
