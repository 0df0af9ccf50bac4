"""Notices from the events to a real SMTP server on loopback: who is told, what arrives
(and what never does), the throttle, the choice of channel, retries and unsubscribing."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.access.policy import load_access
from los.followup import services as followup
from los.notifications import services
from los.notifications.admin import masked
from los.notifications.models import Choice, Kind, Notice, OutboxEntry, Preference, Status
from los.plans import services as plans
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db
SECRET = "Jeg har hatt en tung uke med angst og vurderer å slutte på DPS"


def _send(world, user, text=SECRET, capture=None):
    access = load_access(user, world.participant)
    with capture(execute=True):
        followup.message_send(access=access, thread_id=world.thread.pk, text=text)
    return run_ready_tasks()


def _link_in(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


def test_a_message_from_staff_reaches_the_participant_and_says_nothing_of_it(
    world, smtp, django_capture_on_commit_callbacks
):
    reads_before = AccessLogEntry.objects.count()

    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)

    [mail] = smtp.messages
    assert mail.rcpt_tos == [world.participant_user.email]
    assert mail.subject == "Du har en ny melding i Los"
    path = reverse(
        "thread_detail",
        kwargs={"public_id": world.participant.public_id, "thread_id": world.thread.pk},
    )
    assert _link_in(mail.body) == "http://127.0.0.1:8000" + path
    for secret in (SECRET, world.thread.subject, "Sara", "Deltaker", "Kari", "Veileder", "DPS"):
        assert secret not in mail.raw
    assert "List-Unsubscribe" in mail.message
    assert Notice.objects.get().status == Status.SENT
    # A notice is not a read of the record.
    assert AccessLogEntry.objects.count() == reads_before


def test_a_message_from_the_participant_tells_the_care_roles_who_read_the_plan(
    world, smtp, django_capture_on_commit_callbacks
):
    _send(world, world.participant_user, capture=django_capture_on_commit_callbacks)

    told = sorted(address for m in smtp.messages for address in m.rcpt_tos)
    # Counsellor (NAV), therapist and GP (health) read the plan; the employer contact is a
    # read-only role and the participant wrote it.
    assert told == sorted([world.counsellor.email, world.therapist.email, world.gp.email])


def test_one_notice_per_thread_and_recipient_in_thirty_minutes(
    world, smtp, django_capture_on_commit_callbacks
):
    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)
    _send(world, world.counsellor, "Og en ting til", capture=django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1

    Notice.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=31))
    _send(world, world.counsellor, "Nytt", capture=django_capture_on_commit_callbacks)

    assert len(smtp.messages) == 2


def test_no_notice_before_the_change_commits(world, smtp, django_capture_on_commit_callbacks):
    access = load_access(world.counsellor, world.participant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        followup.message_send(access=access, thread_id=world.thread.pk, text="x")

    assert run_ready_tasks() == 0
    assert smtp.messages == []
    assert Notice.objects.get().status == Status.PENDING
    assert len(callbacks) == 1


def test_the_task_holds_the_notice_id_only(world, smtp, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    access = load_access(world.counsellor, world.participant)
    with django_capture_on_commit_callbacks(execute=True):
        followup.message_send(access=access, thread_id=world.thread.pk, text=SECRET)

    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [Notice.objects.get().pk], "kwargs": {}}


def test_sms_only_and_none_are_respected(world, smtp, django_capture_on_commit_callbacks):
    services.preference_save(user=world.participant_user, choice=Choice.SMS, phone="912 34 567")

    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)

    assert smtp.messages == []
    [sms] = OutboxEntry.objects.all()
    assert sms.to == "91234567"
    assert sms.body.startswith("Du har en ny melding i Los: http://127.0.0.1:8000/deltakere/")
    assert SECRET not in sms.body and "Sara" not in sms.body

    services.preference_save(user=world.participant_user, choice=Choice.NONE, phone="")
    Notice.objects.all().delete()
    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)
    assert smtp.messages == [] and OutboxEntry.objects.count() == 1


def test_a_proposed_activity_tells_the_care_roles_who_may_agree(
    world, smtp, django_capture_on_commit_callbacks
):
    access = load_access(world.participant_user, world.participant)
    with django_capture_on_commit_callbacks(execute=True):
        plans.activity_add(access=access, kind="course", title="Svømming hver tirsdag")
    run_ready_tasks()

    assert {m.subject for m in smtp.messages} == {"En foreslått aktivitet venter på svar i Los"}
    told = {a for m in smtp.messages for a in m.rcpt_tos}
    assert world.participant_user.email not in told
    assert world.employer_contact.email not in told
    assert world.counsellor.email in told
    assert all("Svømming" not in m.raw for m in smtp.messages)


def test_a_failed_send_is_retried_with_backoff_then_marked_failed_for_the_admin(
    world, closed_smtp, client, settings
):
    settings.LOS_NOTICE_RETRY_MINUTES = [1, 5]
    with_transaction = Notice.objects.create(
        kind=Kind.MESSAGE,
        channel="email",
        recipient=world.counsellor,
        address=world.counsellor.email,
        link="/",
    )
    moment = timezone.now()

    assert services.deliver(with_transaction.pk, now=moment) == Status.PENDING
    with_transaction.refresh_from_db()
    assert with_transaction.attempts == 1
    assert with_transaction.next_attempt_at == moment + datetime.timedelta(minutes=1)
    assert "ConnectionRefusedError" in with_transaction.last_error
    assert services.deliver(with_transaction.pk, now=moment) == Status.PENDING
    assert services.deliver(with_transaction.pk, now=moment) == Status.FAILED
    assert services.deliver(with_transaction.pk) == Status.FAILED  # no fourth attempt

    with_transaction.refresh_from_db()
    assert (with_transaction.status, with_transaction.attempts) == (Status.FAILED, 3)
    client.force_login(world.admin)
    page = client.get("/admin/notifications/notice/?status__exact=failed").content.decode()
    assert "feilet" in page and masked(world.counsellor.email) in page
    assert world.counsellor.email not in page


def test_the_admin_sends_a_failed_notice_again(world, smtp, client):
    notice = Notice.objects.create(
        kind=Kind.MESSAGE,
        channel="email",
        recipient=world.counsellor,
        address=world.counsellor.email,
        link="/",
        status=Status.FAILED,
        attempts=5,
    )
    client.force_login(world.admin)

    client.post(
        "/admin/notifications/notice/",
        {"action": "send_again", "_selected_action": [notice.pk]},
    )
    run_ready_tasks()

    notice.refresh_from_db()
    assert notice.status == Status.SENT
    assert [m.rcpt_tos for m in smtp.messages] == [[world.counsellor.email]]


def test_the_unsubscribe_link_in_the_mail_works_without_login(
    world, smtp, django_capture_on_commit_callbacks
):
    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)
    unsubscribe = re.search(
        r"http://127\.0\.0\.1:8000(/varsler/avmeld/\S+/)", smtp.messages[0].body
    )
    anonymous = Client(enforce_csrf_checks=True)

    asked = anonymous.get(unsubscribe.group(1))
    assert asked.status_code == 200
    assert "Ja, stopp e-postene" in asked.content.decode()
    assert not Preference.objects.filter(user=world.participant_user).exists()

    done = anonymous.post(unsubscribe.group(1))
    assert done.status_code == 200
    assert Preference.objects.get(user=world.participant_user).choice == Choice.NONE
    assert ChangeLogEntry.objects.filter(action="notice_preference.unsubscribed").exists()

    Notice.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    _send(world, world.counsellor, "igjen", capture=django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1


def test_the_mail_programs_one_click_unsubscribe_works(
    world, smtp, django_capture_on_commit_callbacks
):
    _send(world, world.counsellor, capture=django_capture_on_commit_callbacks)
    header = str(smtp.messages[0].message["List-Unsubscribe"]).strip().strip("<>")

    response = Client(enforce_csrf_checks=True).post(
        header.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert Preference.objects.get(user=world.participant_user).choice == Choice.NONE


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1abc:forged"])
def test_a_forged_unsubscribe_token_is_refused(world, client, token):
    response = client.post(reverse("notice_unsubscribe", kwargs={"token": token}))

    assert response.status_code == 404
    assert not Preference.objects.exists()


def test_a_token_for_another_purpose_does_not_unsubscribe(world, client):
    from django.core import signing

    token = signing.dumps({"u": world.participant_user.pk})  # no salt: not ours

    assert client.post(reverse("notice_unsubscribe", kwargs={"token": token})).status_code == 404


@pytest.mark.parametrize("size", [1, 25])
def test_making_notices_takes_the_same_queries_for_one_recipient_or_many(
    world, size, django_assert_num_queries
):
    from django.db import transaction

    from tests.factories import UserFactory

    users = [UserFactory() for _ in range(size)]
    for user in users[::2]:
        Preference.objects.create(user=user, choice=Choice.BOTH, phone="91234567")

    # The users with their choices, the throttle, and one insert of every notice.
    with transaction.atomic(), django_assert_num_queries(2):
        services.notify(
            Kind.MESSAGE, [u.pk for u in users], link="/", about="thread:1", throttle=True
        )
    assert Notice.objects.count() == size + (size + 1) // 2
