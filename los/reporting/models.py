"""The report log: every view and download of a report, and every run of the command.

A report holds no personal data, but who looked at which figures is still part of the
record of how the figures were used (issue 12: «every view and download of a report writes
a log row»). The actor's name, role and organisation are copied as they were then, as in
the access log (los/access/models.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from los.access.models import ActorAsThen
from los.reporting.scopes import Level


class ReportFormat(models.TextChoices):
    PAGE = "page", _("side")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", _("PDF")
    JSON = "json", _("JSON")
    COMMAND = "command", _("kommando")


class ReportLogEntry(ActorAsThen):
    """One report shown or downloaded: who, what level and unit, which period, in which
    form, and whether the figures were exact (a service's own staff) or went through
    disclosure control."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    level = models.CharField(_("nivå"), max_length=16, choices=Level.choices)
    scope_code = models.CharField(_("enhet"), max_length=40, blank=True)
    period = models.CharField(_("periode"), max_length=8)
    programme = models.CharField(_("program"), max_length=40, blank=True)
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    exact = models.BooleanField(_("eksakte tall"), default=False)

    class Meta:
        verbose_name = _("oppslag i rapportloggen")
        verbose_name_plural = _("rapportlogg")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_name}: {self.level} {self.scope_code} {self.period} ({self.format})"


class StoredPattern(models.Model):
    """A suppression pattern, kept once it is made (docs/disclosure-control.md, «Stored
    patterns»). A pattern is a function of the cube's counts alone, so it is stored under a
    digest of everything it depends on (the threshold, the dimensions, every cell and its
    count): the same counts find the same pattern, and a count that changes (a late
    registration in a closed quarter) gives a new digest and a new pattern. Kept per period,
    so a period's patterns are read in one query (two periods with equal counts, such as two
    empty quarters, each have the row). Holds no personal data: the coordinates of the
    hidden cells of a table of counts."""

    period = models.CharField(_("periode"), max_length=8)
    digest = models.CharField(_("sjekksum"), max_length=64)
    hidden = models.JSONField(_("skjulte celler"))  # a list of keys, each a list of values
    made_at = models.DateTimeField(_("laget"), auto_now_add=True)

    class Meta:
        verbose_name = _("lagret skjulingsmønster")
        verbose_name_plural = _("lagrede skjulingsmønstre")
        constraints = [
            models.UniqueConstraint(fields=["period", "digest"], name="stored_pattern_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.digest[:12]}"
