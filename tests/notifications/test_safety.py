"""The safety promise, kept: the assignee is told at once on e-mail and SMS, the task is
escalated once if nobody follows it up in time, and the participant is told exactly that."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.measures import services as measures
from los.measures.models import Instrument, SafetyTask, Schedule
from los.measures.shipped import install_shipped_instruments
from los.notifications import safety, services
from los.notifications.models import Choice, Kind, Notice, OutboxEntry, SafetyEscalation
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def phq9(world):
    install_shipped_instruments(Instrument)
    instrument = Instrument.objects.get(url="urn:los:questionnaire:phq-9")
    Schedule.objects.create(
        participant=world.participant, instrument=instrument, first_due=TODAY,
        created_by=world.therapist,
    )  # fmt: skip
    return instrument


def _answer_item_9(world, phq9, capture):
    answers = {str(n): "0" for n in range(1, 9)} | {"9": "1"}
    access = load_access(world.participant_user, world.participant)
    with capture(execute=True):
        measures.response_save(access=access, instrument=phq9, answers=answers, submit=True)
    return SafetyTask.objects.get()


def test_the_therapist_is_told_at_once_by_email_and_sms_whatever_they_chose(
    world, phq9, smtp, django_capture_on_commit_callbacks
):
    services.preference_save(user=world.therapist, choice=Choice.NONE, phone="+4791234567")

    task = _answer_item_9(world, phq9, django_capture_on_commit_callbacks)
    run_ready_tasks()

    assert task.assigned_to == world.therapist
    [mail] = smtp.messages
    assert mail.rcpt_tos == [world.therapist.email]
    assert mail.subject == "Haster: en sikkerhetsoppgave venter på deg i Los i dag"
    assert "Sara" not in mail.raw and "PHQ" not in mail.raw and "død" not in mail.raw
    [sms] = OutboxEntry.objects.all()
    assert sms.to == "+4791234567"
    assert reverse("measures", kwargs={"public_id": world.participant.public_id}) in sms.body


def test_the_escalation_is_queued_for_the_due_time(
    world, phq9, smtp, django_capture_on_commit_callbacks, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.LOS_SAFETY_ESCALATE_HOURS = 4
    before = timezone.now()
    task = _answer_item_9(world, phq9, django_capture_on_commit_callbacks)

    [queued] = DBTaskResult.objects.filter(task_path__endswith="escalate_safety_task")
    assert queued.args_kwargs["args"] == [task.pk]
    assert before + datetime.timedelta(hours=4) <= queued.run_after
    assert queued.run_after <= timezone.now() + datetime.timedelta(hours=4)
    run_ready_tasks()  # the notice goes now; the escalation waits for its time
    assert not SafetyEscalation.objects.exists()


def _escalate(at: datetime.datetime) -> str:
    out = io.StringIO()
    call_command("escalate_safety_tasks", "--now", at.isoformat(), stdout=out)
    return out.getvalue()


def test_an_open_task_is_escalated_once_after_the_hours_have_passed(
    world, phq9, smtp, django_capture_on_commit_callbacks, settings
):
    settings.LOS_SAFETY_ESCALATE_HOURS = 4
    settings.LOS_SAFETY_FALLBACK_EMAIL = "vakt@dps.example.no"
    settings.LOS_SAFETY_FALLBACK_PHONE = "+4799999999"
    task = _answer_item_9(world, phq9, django_capture_on_commit_callbacks)
    created = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
    SafetyTask.objects.filter(pk=task.pk).update(created_at=created)
    run_ready_tasks()
    smtp.messages.clear()

    # 09:00 + 4 h = 13:00: a minute before, nothing; at 13:00, the escalation; then never again.
    assert "Eskalert: 0" in _escalate(created + datetime.timedelta(hours=3, minutes=59))
    with django_capture_on_commit_callbacks(execute=True):
        assert "Eskalert: 1" in _escalate(created + datetime.timedelta(hours=4))
    assert "Eskalert: 0" in _escalate(created + datetime.timedelta(hours=9))
    assert safety.escalate(task.pk, now=created + datetime.timedelta(hours=9)) is False
    run_ready_tasks()

    told = {address for m in smtp.messages for address in m.rcpt_tos}
    # The assignee again, the other care roles who may read the answers (the GP; the NAV
    # counsellor has no consent to the measurements), and the fallback.
    assert told == {world.therapist.email, world.gp.email, "vakt@dps.example.no"}
    [fallback] = smtp.to("vakt@dps.example.no")
    assert fallback.subject == "Haster: en sikkerhetsoppgave i Los er ikke fulgt opp"
    assert f"Oppgave nr. {task.pk}" in fallback.body
    assert str(world.participant.public_id) not in fallback.raw and "Sara" not in fallback.raw
    assert OutboxEntry.objects.filter(to="+4799999999").count() == 1
    assert (
        ChangeLogEntry.objects.filter(
            action="safety_task.escalated", participant=world.participant, actor=None
        ).count()
        == 1
    )


def test_a_handled_task_is_not_escalated(world, phq9, smtp, django_capture_on_commit_callbacks):
    task = _answer_item_9(world, phq9, django_capture_on_commit_callbacks)
    measures.safety_task_handle(
        access=load_access(world.therapist, world.participant), task_id=task.pk, note="Ringte."
    )

    assert "Eskalert: 0" in _escalate(timezone.now() + datetime.timedelta(days=2))
    assert safety.escalate(task.pk, now=timezone.now() + datetime.timedelta(days=2)) is False
    assert not Notice.objects.filter(kind=Kind.SAFETY_ESCALATED).exists()


def test_the_command_refuses_a_bad_time(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidspunkt"):
        call_command("escalate_safety_tasks", "--now", "i morgen")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_participant_is_told_exactly_what_will_happen(client, world, phq9, settings):
    settings.LOS_SAFETY_ESCALATE_HOURS = 4
    settings.LOS_SAFETY_FALLBACK_NAME = "vakthavende ved Salten DPS"
    client.force_login(world.participant_user)
    url = reverse(
        "measure_answer",
        kwargs={"public_id": world.participant.public_id, "instrument_id": phq9.pk},
    )
    data = {f"q_{n}": "0" for n in range(1, 9)} | {"q_9": "2", "action": "submit"}

    page = _text(client.post(url, data, follow=True))

    assert (
        "Vi sender beskjed til behandleren din nå, på e-post, om at noen bør ta kontakt med "
        "deg i dag. Hvis ingen har fulgt opp innen 4 timer, sender vi beskjed til de andre i "
        "teamet ditt som kan se svarene, og til vakthavende ved Salten DPS."
    ) in page
    assert 'href="tel:113"' in page


def test_the_promise_names_the_sms_and_the_gp_when_that_is_what_happens(world, phq9):
    from los.participants.models import CareTeamMembership

    CareTeamMembership.objects.filter(participant=world.participant, user=world.therapist).update(
        end_date=TODAY - datetime.timedelta(days=1)
    )
    services.preference_save(user=world.gp, choice=Choice.EMAIL, phone="41234567")
    answers = {str(n): "0" for n in range(1, 9)} | {"9": "3"}
    access = load_access(world.participant_user, world.participant)
    measures.response_save(access=access, instrument=phq9, answers=answers, submit=True)
    task = SafetyTask.objects.get()

    assert task.assigned_to == world.gp
    assert "Vi sender beskjed til fastlegen din nå, på e-post og SMS," in safety.promise(task)


def test_a_task_whose_assignee_cannot_be_told_is_escalated_at_once(
    world, phq9, smtp, django_capture_on_commit_callbacks, settings
):
    settings.LOS_SAFETY_FALLBACK_EMAIL = "vakt@dps.example.no"
    world.therapist.is_active = False
    world.therapist.save(update_fields=["is_active"])

    task = _answer_item_9(world, phq9, django_capture_on_commit_callbacks)
    run_ready_tasks()

    assert task.assigned_to == world.therapist
    assert SafetyEscalation.objects.filter(task=task).exists()
    assert smtp.to("vakt@dps.example.no") and smtp.to(world.gp.email)
    assert smtp.to(world.therapist.email) == []
    assert safety.promise(task).startswith(
        "Takk for at du svarte ærlig. Vi sender beskjed nå til dem i teamet ditt som kan se "
        "svarene, og til "
    )
