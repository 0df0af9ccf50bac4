"""Sick-leave follow-up: a participant's sickness case with one employer, its sick notes,
the checkpoint rules (data with a validity period, versioned) and the activity requirement.

docs/sick-leave.md says what the rules are and where they come from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import OrganisationKind
from los.meetings.models import Meeting
from los.organisations.models import Organisation
from los.participants.models import Participant
from los.sickleave.vocabulary import (
    ActivityStatus,
    CheckpointKind,
    Counting,
    DialogueCheckpoint,
    ExceptionReason,
    IcpcChapter,
    Party,
    SicklisterKind,
)


class SicknessCase(models.Model):
    """A participant's sick leave from one employer. Its notes are joined into continuous
    cases (oppfølgingstilfeller) when it is read (los/sickleave/periods.py)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="sickness_cases"
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.EMPLOYER},
        verbose_name=_("arbeidsgiver"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sykefravær")
        verbose_name_plural = _("sykefravær")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "employer"], name="sickleave_one_case_per_employer"
            )
        ]

    def __str__(self) -> str:
        return f"sykefravær {self.pk}"


class SickNote(models.Model):
    case = models.ForeignKey(SicknessCase, on_delete=models.PROTECT, related_name="notes")
    start = models.DateField(_("fra og med"))
    end = models.DateField(_("til og med"))
    grade = models.PositiveSmallIntegerField(_("sykmeldingsgrad (prosent)"))
    written_by = models.CharField(
        _("hvem skrev sykmeldingen"), max_length=8, choices=SicklisterKind.choices
    )
    # Health information (Category.HEALTH_SUMMARY): shown only where the policy allows it.
    diagnosis_chapter = models.CharField(
        _("diagnosekapittel (ICPC-2)"), max_length=1, choices=IcpcChapter.choices, blank=True
    )
    graded_not_used_reason = models.TextField(
        _("hvorfor gradert sykmelding ikke ble brukt"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sykmelding")
        verbose_name_plural = _("sykmeldinger")
        ordering = ["start", "end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="sickleave_note_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=0, grade__lte=100), name="sickleave_note_grade_0_100"
            ),
            models.CheckConstraint(
                condition=Q(grade__lt=100) | ~Q(graded_not_used_reason=""),
                name="sickleave_full_note_gives_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} {self.grade} %"


class CheckpointRule(models.Model):
    """One checkpoint's rule for a period of validity. A change in the law is a new row
    with its own validity; every save is kept in CheckpointRuleVersion (never silently
    overwritten). Seeded by migration 0002 with the rules in docs/sick-leave.md § 2."""

    kind = models.CharField(_("frist"), max_length=24, choices=CheckpointKind.choices)
    counting = models.CharField(
        _("telles i"), max_length=16, choices=Counting.choices, default=Counting.CALENDAR_DAYS
    )
    amount = models.PositiveIntegerField(
        _("antall"),
        help_text=_("Dager etter første sykedag, eller antall sykepengedager for maksdato."),
    )
    title = models.CharField(_("hva fristen gjelder"), max_length=200)
    meaning = models.TextField(_("hva den betyr, i klart språk"))
    source = models.CharField(_("kilde"), max_length=300)
    source_url = models.URLField(_("lenke til kilden"), blank=True)
    valid_from = models.DateField(_("gjelder fra og med"))
    valid_to = models.DateField(_("gjelder til og med"), null=True, blank=True)

    class Meta:
        verbose_name = _("fristregel")
        verbose_name_plural = _("fristregler")
        ordering = ["kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="sickleave_rule_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sickleave_rule_amount"),
        ]

    def __str__(self) -> str:
        end = self.valid_to or "…"
        return f"{self.get_kind_display()} ({self.valid_from}–{end})"


class CheckpointRuleVersion(models.Model):
    """What a rule was after each save, and who saved it: the rule's history."""

    rule = models.ForeignKey(CheckpointRule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versjon av fristregel")
        verbose_name_plural = _("versjoner av fristregler")
        ordering = ["rule", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="sickleave_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} v{self.number}"


class ActivityRequirement(models.Model):
    """NAV's assessment of the activity requirement for one continuous case of a sickness
    case (identified by the case's first day). Made when someone first records a state;
    until then the state is «ny»."""

    case = models.ForeignKey(
        SicknessCase, on_delete=models.PROTECT, related_name="activity_requirements"
    )
    period_start = models.DateField()
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.NEW
    )
    exception_reason = models.CharField(
        _("grunn til unntak"), max_length=24, choices=ExceptionReason.choices, blank=True
    )
    reply_deadline = models.DateField(_("svarfrist"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("aktivitetskrav")
        verbose_name_plural = _("aktivitetskrav")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "period_start"], name="sickleave_one_requirement_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status=ActivityStatus.EXCEPTION) ^ Q(exception_reason=""),
                name="sickleave_exception_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=ActivityStatus.ADVANCE_NOTICE) ^ Q(reply_deadline__isnull=True),
                name="sickleave_notice_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"aktivitetskrav {self.case_id} {self.period_start}: {self.status}"


class FollowUpPlan(models.Model):
    """The employer's follow-up plan (oppfølgingsplan, arbeidsmiljøloven § 4-6 (3)) for a
    sickness case: what each party does, the adjustments at work and when the plan is
    reviewed. The employer contact reads and writes it with the employee; it holds no
    health information (the form says so), since the employer reads it."""

    case = models.OneToOneField(SicknessCase, on_delete=models.PROTECT, related_name="plan")
    employee_tasks = models.TextField(_("det arbeidstakeren gjør"), blank=True)
    employer_tasks = models.TextField(_("det arbeidsgiveren gjør"), blank=True)
    nav_tasks = models.TextField(_("det NAV gjør"), blank=True)
    gp_tasks = models.TextField(_("det legen eller behandleren gjør"), blank=True)
    adjustments = models.TextField(_("tilrettelegging på arbeidsplassen"), blank=True)
    review_date = models.DateField(_("planen evalueres"))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("oppfølgingsplan")
        verbose_name_plural = _("oppfølgingsplaner")

    def __str__(self) -> str:
        return f"oppfølgingsplan {self.case_id}"


class DialogueMeeting(models.Model):
    """A meeting of the plan (los/meetings, kind «dialogmøte») held as dialogue meeting 1
    or 2 of a sickness case: when it has been held, its checkpoint is met
    (docs/sick-leave.md § 7)."""

    case = models.ForeignKey(
        SicknessCase, on_delete=models.PROTECT, related_name="dialogue_meetings"
    )
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="dialogue")
    checkpoint = models.CharField(
        _("hvilket dialogmøte"), max_length=24, choices=DialogueCheckpoint.choices
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dialogmøte i sykefraværet")
        verbose_name_plural = _("dialogmøter i sykefraværet")
        ordering = ["meeting__starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.checkpoint} {self.meeting_id}"


class DialogueTask(models.Model):
    """What one party undertook in a dialogue meeting, and when it was done. Read by all who
    see the case, the employer included, so it holds no health information."""

    dialogue = models.ForeignKey(DialogueMeeting, on_delete=models.PROTECT, related_name="tasks")
    party = models.CharField(_("hvem gjør det"), max_length=8, choices=Party.choices)
    text = models.CharField(_("oppgave"), max_length=500)
    due = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("oppgave fra dialogmøte")
        verbose_name_plural = _("oppgaver fra dialogmøter")
        ordering = ["party", "pk"]

    def __str__(self) -> str:
        return f"oppgave {self.pk} ({self.party})"
