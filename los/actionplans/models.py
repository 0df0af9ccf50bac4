"""The national plans for work and mental health and their numbered measures (tiltak), as
reference data, and what the responsible bodies report on each measure per period.

A plan «rapporteres særskilt på satsingen, inklusive om enkelte tiltak, resultater og
ressursbruk» (the 2007–2012 strategy): a MeasureReport is that report for one measure and
one period (a year or a half-year), for the whole measure or for one county's part of it.
Measures and their reports are about programmes and money, never about a person: they hold
no personal data (docs/action-plans.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.actionplans.periods import Period
from los.organisations.models import County


class ActionPlan(models.Model):
    code = models.SlugField(_("kode"), max_length=20, unique=True)
    title = models.CharField(_("tittel"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("første år"))
    end_year = models.PositiveSmallIntegerField(_("siste år"))
    source = models.TextField(_("kilde"))

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="action_plan_years"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanMeasure(models.Model):
    """One numbered measure as the plan states it. `programme_codes` names the work services
    (pathways.Programme.code) whose figures in the record belong to the measure, and
    `indicator_codes` the indicators from the reporting module shown for them."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="measures")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    number = models.CharField(_("nummer"), max_length=12)
    area = models.CharField(_("innsatsområde"), max_length=200)
    title = models.CharField(_("tittel"), max_length=300)
    goal = models.TextField(_("mål"))
    responsible = models.CharField(_("ansvarlig"), max_length=500)
    time_frame = models.CharField(_("tidsramme"), max_length=200)
    programme_codes = models.JSONField(_("tjenester i Los"), default=list, blank=True)
    indicator_codes = models.JSONField(_("indikatorer"), default=list, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("tiltak i en plan")
        verbose_name_plural = _("tiltak i planene")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_measure_number"),
            models.UniqueConstraint(fields=["plan", "position"], name="unique_measure_position"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ikke startet")
    IN_PROGRESS = "in_progress", _("pågår")
    COMPLETED = "completed", _("gjennomført")
    DISCONTINUED = "discontinued", _("avviklet")


# What a report says, in the order forms and the change history show it.
REPORTED_FIELDS = ("status", "nok", "staff_years", "places", "results")


class MeasureReport(models.Model):
    """The report on one measure for one period: for the whole measure (county empty,
    written by the programme manager) or for one county's part of it (written by that
    county's coordinator, or the programme manager). Resources left empty are not
    reported; 0 is reported as none."""

    measure = models.ForeignKey(PlanMeasure, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("år"))
    # 0: the whole year; 1 and 2: the first and second half-year.
    half = models.PositiveSmallIntegerField(_("halvår"), default=0)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("fylke"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices)
    nok = models.PositiveBigIntegerField(_("kroner"), null=True, blank=True)
    staff_years = models.DecimalField(
        _("årsverk"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    places = models.PositiveIntegerField(_("plasser"), null=True, blank=True)
    results = models.TextField(_("resultater"), max_length=8000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "-year", "half"]
        verbose_name = _("rapport om et tiltak")
        verbose_name_plural = _("rapporter om tiltak")
        constraints = [
            # One report per measure, period and part; NULL (the whole measure) needs its own
            # partial index, since NULLs are distinct in a unique index.
            models.UniqueConstraint(
                fields=["measure", "year", "half", "county"],
                condition=Q(county__isnull=False),
                name="one_county_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["measure", "year", "half"],
                condition=Q(county__isnull=True),
                name="one_measure_report_per_period",
            ),
            models.CheckConstraint(condition=Q(half__lte=2), name="measure_report_half"),
            models.CheckConstraint(
                condition=Q(staff_years__gte=0) | Q(staff_years__isnull=True),
                name="measure_report_staff_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period.code} {self.county_id or '*'}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.half)
