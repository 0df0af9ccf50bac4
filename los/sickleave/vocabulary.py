"""The words of sick-leave follow-up: checkpoints, how they count, who wrote a note, ICPC-2
chapters and the activity requirement's states (docs/sick-leave.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointKind(models.TextChoices):
    FOLLOW_UP_PLAN = "follow_up_plan", _("Oppfølgingsplan fra arbeidsgiver")
    DIALOGUE_MEETING_1 = "dialogue_meeting_1", _("Dialogmøte 1 med arbeidsgiver")
    ACTIVITY_REQUIREMENT = "activity_requirement", _("Aktivitetskravet")
    MEETING_CANDIDATE = "meeting_candidate", _("NAV vurderer behovet for dialogmøte 2")
    DIALOGUE_MEETING_2 = "dialogue_meeting_2", _("Dialogmøte 2 med NAV")
    LATE_PHASE = "late_phase", _("Oppfølging i sen fase")
    MAXIMUM_DATE = "maximum_date", _("Maksdato for sykepenger")


class Counting(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("kalenderdager etter første sykedag")
    BENEFIT_DAYS = "benefit_days", _("sykepengedager (ukedager etter arbeidsgiverperioden)")


class SicklisterKind(models.TextChoices):
    GP = "gp", _("fastlege")
    OTHER = "other", _("annen sykmelder")


class IcpcChapter(models.TextChoices):
    """The chapters of ICPC-2 (the primary-care classification Norwegian sick notes use)."""

    A = "A", _("A Allment og uspesifisert")
    B = "B", _("B Blod, bloddannende organer og immunsystemet")
    D = "D", _("D Fordøyelsessystemet")
    F = "F", _("F Øye")
    H = "H", _("H Øre")
    K = "K", _("K Hjerte-karsystemet")
    L = "L", _("L Muskel- og skjelettsystemet")
    N = "N", _("N Nervesystemet")
    P = "P", _("P Psykisk")
    R = "R", _("R Luftveier")
    S = "S", _("S Hud")
    T = "T", _("T Endokrine, metabolske og ernæringsmessige")
    U = "U", _("U Urinveier")
    W = "W", _("W Svangerskap, fødsel og familieplanlegging")
    X = "X", _("X Kvinnelige kjønnsorganer")
    Y = "Y", _("Y Mannlige kjønnsorganer")
    Z = "Z", _("Z Sosiale problemer")


class ActivityStatus(models.TextChoices):
    """As navikt/isaktivitetskrav AktivitetskravStatus (docs/sick-leave.md § 4)."""

    NEW = "new", _("ny")
    WAITING = "waiting", _("avventer")
    EXCEPTION = "exception", _("unntak")
    FULFILLED = "fulfilled", _("oppfylt")
    ADVANCE_NOTICE = "advance_notice", _("forhåndsvarsel sendt")
    NOT_FULFILLED = "not_fulfilled", _("ikke oppfylt")


class ExceptionReason(models.TextChoices):
    """As navikt/isaktivitetskrav AktivitetskravVurdering.Unntak.Arsak."""

    MEDICAL = "medical", _("medisinske grunner")
    ADJUSTMENT_NOT_POSSIBLE = "adjustment_not_possible", _("tilrettelegging er ikke mulig")
    SEAFARER = "seafarer", _("sjømann i utenriks fart")


# The checkpoints a dialogue meeting fulfils (arbeidsmiljøloven § 4-6 (4), folketrygdloven
# § 8-7 a): a meeting linked to a case is dialogue meeting 1 or 2.
DIALOGUE_CHECKPOINTS = (CheckpointKind.DIALOGUE_MEETING_1, CheckpointKind.DIALOGUE_MEETING_2)


class DialogueCheckpoint(models.TextChoices):
    DIALOGUE_MEETING_1 = CheckpointKind.DIALOGUE_MEETING_1.value, _("dialogmøte 1 (arbeidsgiver)")
    DIALOGUE_MEETING_2 = CheckpointKind.DIALOGUE_MEETING_2.value, _("dialogmøte 2 (NAV)")


class Party(models.TextChoices):
    """Who does a task agreed in a dialogue meeting: the parties NAV's minutes give a task to
    (navikt/isdialogmote: arbeidstaker, arbeidsgiver, veileder, behandler;
    docs/sick-leave.md § 7)."""

    EMPLOYEE = "employee", _("arbeidstakeren")
    EMPLOYER = "employer", _("arbeidsgiveren")
    NAV = "nav", _("NAV")
    GP = "gp", _("legen eller behandleren")
