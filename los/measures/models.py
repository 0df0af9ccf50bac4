"""Questionnaires over time: instruments (FHIR Questionnaires), what is scheduled for whom,
the answers with their scores, and the safety tasks a worrying answer creates.

Answers are the MEASUREMENTS category: seen in the health sector, elsewhere only with the
participant's consent, and always by the participant."""

from __future__ import annotations

import datetime
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.days import add_days
from los.measures.scoring import Scale, parse
from los.participants.models import Participant


class Instrument(models.Model):
    """A questionnaire as imported: the FHIR resource is the definition, kept whole so that
    an export gives back what came in."""

    code = models.SlugField(_("kode"), max_length=60)
    url = models.CharField(_("kanonisk adresse"), max_length=200)
    version = models.CharField(_("versjon"), max_length=40)
    title = models.CharField(_("tittel"), max_length=200)
    language = models.CharField(_("språk"), max_length=10, blank=True)
    copyright = models.TextField(_("lisens og kilde"))
    definition = models.JSONField()
    shipped = models.BooleanField(_("følger med Los"), default=False)
    example = models.BooleanField(_("oppdiktet eksempel"), default=False)
    active = models.BooleanField(_("i bruk"), default=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "version"]
        verbose_name = _("skjema")
        verbose_name_plural = _("skjemaer")
        constraints = [
            models.UniqueConstraint(fields=["url", "version"], name="unique_instrument_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @cached_property
    def scale(self) -> Scale:
        return parse(self.definition)


class Schedule(models.Model):
    """An instrument planned for a participant: once, or every N days."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="measure_schedules"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    first_due = models.DateField(_("første gang"))
    every_days = models.PositiveSmallIntegerField(
        _("gjentas hver N. dag"),
        null=True,
        blank=True,
        help_text=_("Tomt: bare én gang."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["first_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(every_days__gte=7),
                name="schedule_repeats_weekly_at_most",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} for {self.participant_id}"

    def next_due(self, completed: list[datetime.date]) -> datetime.date | None:
        """The next date an answer is due, given the dates answers were completed on; None
        once a one-off has been answered or the schedule is stopped."""
        if self.stopped_at is not None:
            return None
        done = [d for d in completed if d >= add_days(self.first_due, -7)]
        if not done:
            return self.first_due
        if self.every_days is None:
            return None
        return add_days(max(done), self.every_days)


class ResponseStatus(models.TextChoices):
    # FHIR QuestionnaireResponse.status codes.
    IN_PROGRESS = "in-progress", _("utkast")
    COMPLETED = "completed", _("sendt inn")


class Response(models.Model):
    """One filling-in of an instrument. A draft keeps its answers without a score; a
    completed response has every answer and the engine's score."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="measure_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    schedule = models.ForeignKey(
        Schedule, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    status = models.CharField(max_length=12, choices=ResponseStatus.choices)
    answers = models.JSONField(default=dict)  # linkId → option code
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # The score before the scale's multiplier: WHO-5's raw 0–25 beside its percentage (the
    # total). The same as the total for a scale without a multiplier.
    raw_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=200, blank=True)
    subscales = models.JSONField(default=dict)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    on_paper = models.BooleanField(_("registrert fra papir"), default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["participant", "instrument", "completed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in-progress") | Q(total__isnull=False),
                name="completed_response_has_a_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.status}"

    @property
    def is_draft(self) -> bool:
        return self.status == ResponseStatus.IN_PROGRESS


class SafetyTask(models.Model):
    """A worrying answer (PHQ-9 item 9) needs a person today: the participant's therapist,
    else their GP, else whoever planned the questionnaire."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="safety_tasks"
    )
    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="safety_task")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="safety_tasks"
    )
    items = models.JSONField(default=list)  # the safety items answered positively
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_note = models.TextField(_("hva som ble gjort"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["assigned_to", "handled_at"])]

    def __str__(self) -> str:
        return f"oppgave {self.pk} for {self.participant_id}"
