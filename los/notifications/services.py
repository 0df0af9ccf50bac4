"""Making notices, sending them, and each user's choice of channel.

- `notify` runs inside the transaction of the change that calls for a notice: the notices
  are rows in that transaction (so they exist exactly when the change does), and their
  delivery is queued for the background worker when it commits (`transaction.on_commit`).
  The task carries the notice's id and nothing else.
- A notice names its kind with a fixed sentence (models.KIND_TEXT) and links into Los:
  no name, no diagnosis, no text from the record. Sending one is not a read of the record
  and writes no access-log row; nothing of the record is read to send it.
- Dialogue threads are throttled: at most one notice per thread and recipient in
  LOS_NOTICE_THREAD_MINUTES (30), as NAV's Min side does.
- A failed send is retried after LOS_NOTICE_RETRY_MINUTES (1, 5, 30, 120 minutes); then
  the notice is marked failed, logged, and listed for the administrator.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from los.access.audit import record_change
from los.accounts.models import User
from los.notifications.models import (
    CHOICE_CHANNELS,
    DUTY_KINDS,
    Channel,
    Choice,
    Kind,
    Notice,
    Preference,
    Status,
)
from los.notifications.sms import sms_backend

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "los.notifications.unsubscribe"
# A Norwegian mobile number (8 digits starting with 4 or 9), or an international one.
PHONE = re.compile(r"^(\+\d{8,15}|[49]\d{7})$")


# --- Choices ----------------------------------------------------------------------------------


def preference_of(user) -> Preference:
    """The user's choice; an unsaved default (e-mail) if they never chose."""
    try:
        return user.notice_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s.-]", "", phone or "")


@transaction.atomic
def preference_save(*, user, choice: str, phone: str) -> Preference:
    """Save the user's choice of channel. SMS needs a mobile number."""
    choice = Choice(choice)
    phone = normalise_phone(phone)
    if phone and not PHONE.match(phone):
        raise ValidationError(
            {"phone": _("Skriv et mobilnummer med 8 sifre, eller med landskode (+47…).")}
        )
    if Channel.SMS in CHOICE_CHANNELS[choice] and not phone:
        raise ValidationError({"phone": _("Skriv mobilnummeret SMS-ene skal gå til.")})
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    preference.choice, preference.phone = choice, phone
    preference.save()
    record_change(
        actor=user,
        participant=None,
        action="notice_preference.changed",
        obj=preference,
        data={"choice": choice},  # the number stays out of the log
    )
    return preference


def unsubscribe_token(user) -> str:
    """A signed token for the unsubscribe link in each e-mail: it names the user's id and
    nothing else, and works without login (it cannot be forged without SECRET_KEY)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_token(token: str):
    """The user the token was made for, or None for a token that was not made by Los."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


@transaction.atomic
def unsubscribe_email(*, user) -> Preference:
    """Stop e-mail notices: SMS stays if the user had chosen both."""
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    before = preference.choice
    preference.choice = Choice.SMS if before == Choice.BOTH else Choice.NONE
    preference.save()
    record_change(
        actor=user,
        participant=None,
        action="notice_preference.unsubscribed",
        obj=preference,
        data={"choice": preference.choice, "before": before},
    )
    return preference


# --- Making notices ---------------------------------------------------------------------------


def _addresses(user, kind: Kind) -> list[tuple[str, str]]:
    preference = preference_of(user)
    if kind in DUTY_KINDS:
        wanted = (Channel.EMAIL, Channel.SMS)
    else:
        wanted = CHOICE_CHANNELS[Choice(preference.choice)]
    addresses = []
    for channel in wanted:
        address = user.email if channel == Channel.EMAIL else preference.phone
        if address:
            addresses.append((channel, address))
    return addresses


def notify(
    kind: Kind, user_ids: Iterable[int], *, link: str, about: str = "", throttle: bool = False
) -> list[Notice]:
    """Make the notices of one event for these users and send them once the change commits.
    Must run inside the change's transaction. With `throttle`, a user who was told about
    the same `about` in the last LOS_NOTICE_THREAD_MINUTES is not told again."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must run inside the change's transaction")
    user_ids = set(user_ids)
    if not user_ids:
        return []
    users = User.objects.filter(pk__in=user_ids, is_active=True).select_related("notice_preference")
    if throttle:
        since = timezone.now() - datetime.timedelta(minutes=settings.LOS_NOTICE_THREAD_MINUTES)
        told = Notice.objects.filter(
            recipient_id__in=user_ids, about=about, created_at__gte=since
        ).values("recipient_id")
        users = users.exclude(pk__in=told)
    notices = [
        Notice(kind=kind, channel=channel, recipient=user, address=address, link=link, about=about)
        for user in users.order_by("pk")
        for channel, address in _addresses(user, Kind(kind))
    ]
    return _queue(notices)


def notify_address(kind: Kind, channel: Channel, address: str, *, link: str, about: str = ""):
    """A notice to someone who need not have an account (the safety fallback)."""
    if not address:
        return []
    return _queue([Notice(kind=kind, channel=channel, address=address, link=link, about=about)])


def _queue(notices: list[Notice]) -> list[Notice]:
    if not notices:
        return []
    Notice.objects.bulk_create(notices)
    ids = [n.pk for n in notices]
    transaction.on_commit(lambda: enqueue(ids))
    return notices


def enqueue(notice_ids: Iterable[int], *, run_after=None) -> None:
    from los.notifications.tasks import deliver_notice  # the task module imports this one

    task = deliver_notice.using(run_after=run_after) if run_after else deliver_notice
    for notice_id in notice_ids:
        task.enqueue(notice_id)


def queue_waiting(now=None) -> int:
    """Queue again every pending notice whose time has come: a sweep for notices whose task
    was lost (a worker killed mid-send, a queue emptied). Sending twice is prevented by
    `deliver`, which sends only a notice still pending at the attempt it expects."""
    now = now or timezone.now()
    waiting = list(
        Notice.objects.filter(status=Status.PENDING, created_at__lte=now)
        .exclude(next_attempt_at__gt=now)
        .values_list("pk", flat=True)
    )
    enqueue(waiting)
    return len(waiting)


# --- Sending ----------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.LOS_BASE_URL + path


def email_for(notice: Notice) -> EmailMessage:
    text = notice.text
    lines = [f"{text}.", "", _("Logg inn i Los for å se det:"), absolute(notice.link), ""]
    headers = {}
    if notice.recipient_id and notice.kind not in DUTY_KINDS:
        unsubscribe = absolute(
            reverse("notice_unsubscribe", kwargs={"token": unsubscribe_token(notice.recipient)})
        )
        lines += [
            _("Du får dette varselet på e-post fordi du bruker Los. Vil du ikke ha flere:"),
            unsubscribe,
            _("Du kan også endre valget ditt under «Varsler» når du er logget inn."),
        ]
        # One-click unsubscribe in the mail program (RFC 8058).
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    elif notice.kind in DUTY_KINDS:
        if not notice.recipient_id and notice.about.startswith("safety:"):
            # The named fallback: the task's number, so they can ask the service, no more.
            lines += [
                _("Oppgave nr. %(number)s. Kontakt behandlingsstedet som har oppgaven.")
                % {"number": notice.about.removeprefix("safety:")},
                "",
            ]
        lines += [_("Varsler om sikkerhetsoppgaver sendes alltid, uansett valg for varsler.")]
    lines += ["", _("Denne e-posten kan ikke besvares.")]
    return EmailMessage(subject=text, body="\n".join(lines), to=[notice.address], headers=headers)


def sms_for(notice: Notice) -> str:
    return f"{notice.text}: {absolute(notice.link)}"


def _send(notice: Notice) -> None:
    with override(settings.LANGUAGE_CODE):
        if notice.channel == Channel.EMAIL:
            email_for(notice).send(fail_silently=False)
        else:
            sms_backend().send(notice.address, sms_for(notice))


def deliver(notice_id: int, *, now=None) -> str:
    """Send one notice; on failure, plan the next attempt or give up. Returns the status.
    The attempt is claimed first (attempts + 1 where still pending at the count read), so
    two workers, or a task and the sweep, never send the same notice twice."""
    notice = Notice.objects.filter(pk=notice_id).select_related("recipient").first()
    if notice is None or notice.status != Status.PENDING:
        return notice.status if notice else "missing"
    claimed = Notice.objects.filter(
        pk=notice.pk, status=Status.PENDING, attempts=notice.attempts
    ).update(attempts=notice.attempts + 1)
    if not claimed:
        return "claimed"
    notice.attempts += 1
    try:
        _send(notice)
    except Exception as error:
        return _failed(notice, error, now or timezone.now())
    Notice.objects.filter(pk=notice.pk).update(
        status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )
    return Status.SENT


def _failed(notice: Notice, error: Exception, now) -> str:
    retries = settings.LOS_NOTICE_RETRY_MINUTES
    reason = f"{type(error).__name__}: {error}"[:300]
    if notice.attempts <= len(retries):
        next_at = now + datetime.timedelta(minutes=retries[notice.attempts - 1])
        Notice.objects.filter(pk=notice.pk).update(next_attempt_at=next_at, last_error=reason)
        logger.warning(
            "Notice %s failed (attempt %s), retry at %s", notice.pk, notice.attempts, next_at
        )
        enqueue([notice.pk], run_after=next_at)
        return Status.PENDING
    Notice.objects.filter(pk=notice.pk).update(
        status=Status.FAILED, next_attempt_at=None, last_error=reason
    )
    logger.error("Notice %s failed after %s attempts; see the admin", notice.pk, notice.attempts)
    return Status.FAILED


def retry_failed(notice_ids: Iterable[int]) -> int:
    """The administrator's «send again» for failed notices: pending with a fresh count."""
    ids = list(
        Notice.objects.filter(pk__in=list(notice_ids), status=Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    Notice.objects.filter(pk__in=ids).update(status=Status.PENDING, attempts=0)
    enqueue(ids)
    return len(ids)
