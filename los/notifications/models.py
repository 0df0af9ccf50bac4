"""Notices: the short messages Los sends by e-mail or SMS when something waits for someone.

A notice never carries content from the record: it names the kind of event with a fixed
sentence and a link into Los, nothing more (no names, no diagnosis, no text). Each notice is
a row here before it is sent, so nothing is lost silently: the worker sends it after the
change commits, retries a failed send with backoff, and the administrator sees what is
pending or has failed (admin: Varsler). docs/notifications.md has the rules.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MESSAGE = "message", _("ny melding")
    MEETING_INVITED = "meeting_invited", _("invitasjon til møte")
    MEETING_MOVED = "meeting_moved", _("møte flyttet eller endret")
    MEETING_CANCELLED = "meeting_cancelled", _("møte avlyst")
    QUESTIONNAIRE_DUE = "questionnaire_due", _("skjema å fylle ut")
    ACTIVITY_PROPOSED = "activity_proposed", _("foreslått aktivitet venter")
    REPORT_TO_COMMENT = "report_to_comment", _("rapport å kommentere")
    REFERRAL_RECEIVED = "referral_received", _("henvisning å svare på")
    SAFETY_TASK = "safety_task", _("sikkerhetsoppgave")
    SAFETY_ESCALATED = "safety_escalated", _("sikkerhetsoppgave ikke fulgt opp")


# The one sentence each kind says: the e-mail's subject and the SMS. Nothing else is sent
# besides the link (and, in an e-mail, how to stop the notices).
KIND_TEXT = {
    Kind.MESSAGE: _("Du har en ny melding i Los"),
    Kind.MEETING_INVITED: _("Du er invitert til et møte i Los"),
    Kind.MEETING_MOVED: _("Et møte du er invitert til i Los er endret"),
    Kind.MEETING_CANCELLED: _("Et møte du er invitert til i Los er avlyst"),
    Kind.QUESTIONNAIRE_DUE: _("Du har et skjema å fylle ut i Los"),
    Kind.ACTIVITY_PROPOSED: _("En foreslått aktivitet venter på svar i Los"),
    Kind.REPORT_TO_COMMENT: _("En rapport om deg venter på kommentaren din i Los"),
    Kind.REFERRAL_RECEIVED: _("En henvisning venter på svar i Los"),
    Kind.SAFETY_TASK: _("Haster: en sikkerhetsoppgave venter på deg i Los i dag"),
    Kind.SAFETY_ESCALATED: _("Haster: en sikkerhetsoppgave i Los er ikke fulgt opp"),
}
# Kinds that are a duty of work, not a courtesy: sent on every channel Los has for the
# recipient, whatever they chose for other notices.
DUTY_KINDS = frozenset({Kind.SAFETY_TASK, Kind.SAFETY_ESCALATED})


class Channel(models.TextChoices):
    EMAIL = "email", _("e-post")
    SMS = "sms", _("SMS")


class Choice(models.TextChoices):
    """What a user chose on «Varsler» (meg/varsler/)."""

    EMAIL = "email", _("E-post")
    SMS = "sms", _("SMS")
    BOTH = "both", _("E-post og SMS")
    NONE = "none", _("Ingen varsler")


CHOICE_CHANNELS = {
    Choice.EMAIL: (Channel.EMAIL,),
    Choice.SMS: (Channel.SMS,),
    Choice.BOTH: (Channel.EMAIL, Channel.SMS),
    Choice.NONE: (),
}


class Preference(models.Model):
    """How a user wants to be told. Without a row: by e-mail to their login address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    choice = models.CharField(
        _("varsler"), max_length=8, choices=Choice.choices, default=Choice.EMAIL
    )
    phone = models.CharField(_("mobilnummer for SMS"), max_length=20, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("valg for varsler")
        verbose_name_plural = _("valg for varsler")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.choice}"


class Status(models.TextChoices):
    PENDING = "pending", _("venter")
    SENT = "sent", _("sendt")
    FAILED = "failed", _("feilet")


class Notice(models.Model):
    """One notice on one channel to one recipient. `recipient` is empty for the safety
    fallback named in the settings, who need not have an account; `address` is where it
    goes (copied when the notice is made, so a retry goes to the same place)."""

    kind = models.CharField(_("hva"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("mottaker"),
    )
    address = models.CharField(_("adresse"), max_length=254)
    # The path in Los the notice links to (no host: LOS_BASE_URL is added when sent).
    link = models.CharField(_("lenke"), max_length=300)
    # What the notice is about, for throttling (e.g. "thread:12"): ids only.
    about = models.CharField(_("gjelder"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    # The error of the last failed attempt: its class and message, never the notice's text.
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [
            models.Index(fields=["recipient", "about", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"

    @property
    def text(self) -> str:
        return str(KIND_TEXT[Kind(self.kind)])


class OutboxEntry(models.Model):
    """What would have been sent, in the demo and the tests (LOS_EMAIL_DELIVERY=outbox,
    LOS_SMS_DELIVERY=outbox): the administrator reads it in the admin. Never in production
    (settings refuse it)."""

    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("til"), max_length=1000)
    subject = models.CharField(_("emne"), max_length=300, blank=True)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("lagt i utboksen"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("utboks (demo)")
        verbose_name_plural = _("utboks (demo)")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} til {self.to}"


class SafetyEscalation(models.Model):
    """That a safety task was passed to the fallback because nobody followed it up in
    time: once per task, so the worker and cron may both run the escalation."""

    task = models.OneToOneField(
        "measures.SafetyTask", on_delete=models.CASCADE, related_name="escalation"
    )
    escalated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eskalert sikkerhetsoppgave")
        verbose_name_plural = _("eskalerte sikkerhetsoppgaver")

    def __str__(self) -> str:
        return f"oppgave {self.task_id}"


class WorkerHeartbeat(models.Model):
    """That a background worker is alive: each `manage.py db_worker` writes the time here
    every LOS_WORKER_HEARTBEAT_SECONDS, and /health answers «down» for the task worker once
    the newest beat is older than three intervals."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("bakgrunnsprosess")
        verbose_name_plural = _("bakgrunnsprosesser")

    def __str__(self) -> str:
        return self.worker_id
