"""Work pathways: IPS, IPS-ung, supported employment and the other work services, each a
configurable programme with its stages; a participant's enrolment in one, their career
profile and disclosure plan, the employers the job specialist works with, the jobs and
education that follow, and the support after the start.

All of it is the EMPLOYMENT category of the record. An employer contact never reads it
whole: they see only what the participant's disclosure plan lets them see (the policy's
`decide_disclosed`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Role
from los.organisations.models import Organisation, validate_orgnr
from los.participants.models import Participant


class Programme(models.Model):
    """A work service with its own pathway (IPS, IPS-ung, AMS, …). Data, not code: a
    service is added or its stages renamed in the admin, not in a release."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True)
    covers_education = models.BooleanField(_("omfatter utdanning"), default=False)
    active = models.BooleanField(_("i bruk"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programmer")

    def __str__(self) -> str:
        return self.name


class StagePhase(models.TextChoices):
    """What a stage means to the indicators and the caseload, whatever a programme calls it."""

    REFERRED = "referred", _("henvist")
    ENGAGING = "engaging", _("kartlegging og oppstart")
    JOB_DEVELOPMENT = "job_development", _("jobbutvikling")
    WORKING = "working", _("i arbeid eller utdanning")
    FOLLOW_ALONG = "follow_along", _("oppfølging i jobb")
    DOWNSIZING = "downsizing", _("nedtrapping")
    ENDED = "ended", _("avsluttet")


class Stage(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=120)
    phase = models.CharField(_("fase"), max_length=20, choices=StagePhase.choices)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("trinn")
        verbose_name_plural = _("trinn")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_stage_code"),
            models.UniqueConstraint(fields=["programme", "order"], name="unique_stage_order"),
        ]

    def __str__(self) -> str:
        return self.name


class ReferralSource(models.TextChoices):
    DPS = "dps", _("DPS / spesialisthelsetjenesten")
    MUNICIPAL = "municipal", _("kommunal psykisk helsetjeneste")
    GP = "gp", _("fastlege")
    NAV = "nav", _("NAV")
    SCHOOL = "school", _("skole")
    SELF = "self", _("deltakeren selv")
    OTHER = "other", _("annet")


class MainGoal(models.TextChoices):
    WORK = "work", _("arbeid")
    EDUCATION = "education", _("utdanning")


class EndCause(models.TextChoices):
    WORK = "work", _("i arbeid")
    EDUCATION_SELF = "education_self", _("utdanning, selvfinansiert")
    EDUCATION_NAV = "education_nav", _("utdanning, dekket av NAV")
    OTHER_MEASURE = "other_measure", _("annet tiltak i NAV")
    TREATMENT = "treatment", _("behandling")
    ILLNESS = "illness", _("sykdom")
    DISABILITY = "disability", _("uføretrygd")
    PENSION = "pension", _("pensjon")
    MOVED = "moved", _("flyttet")
    OTHER = "other", _("annet")


class Enrolment(models.Model):
    """One participant's course through one programme, from referral to end."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tjenesten"),
        help_text=_("Enheten jobbspesialisten arbeider for."),
    )
    job_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("jobbspesialist"),
    )
    referral_date = models.DateField(_("henvist"))
    referral_source = models.CharField(
        _("henvist fra"), max_length=12, choices=ReferralSource.choices
    )
    start_date = models.DateField(
        _("oppstart"),
        null=True,
        blank=True,
        help_text=_("Første samtale med deltakeren. Fristene regnes fra denne datoen."),
    )
    main_goal = models.CharField(_("hovedmål"), max_length=10, choices=MainGoal.choices)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    stage_since = models.DateField(_("på dette trinnet siden"))
    passive_since = models.DateField(_("passiv fra"), null=True, blank=True)
    passive_reason = models.CharField(_("årsak til pause"), max_length=300, blank=True)
    passive_follow_up = models.DateField(_("følges opp igjen"), null=True, blank=True)
    end_date = models.DateField(_("avsluttet"), null=True, blank=True)
    end_cause = models.CharField(
        _("årsak til avslutning"), max_length=16, choices=EndCause.choices, blank=True
    )
    end_note = models.TextField(_("om avslutningen"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referral_date", "-pk"]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"],
                condition=Q(end_date__isnull=True),
                name="one_open_enrolment_per_programme",
            )
        ]
        indexes = [models.Index(fields=["job_specialist", "end_date"])]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.participant_id}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    @property
    def is_passive(self) -> bool:
        return self.passive_since is not None


class StageEntry(models.Model):
    """The stage history: when the enrolment entered each stage, and who moved it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="history")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    from_date = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_date", "pk"]

    def __str__(self) -> str:
        return f"{self.stage_id} fra {self.from_date}"


class PassivePeriod(models.Model):
    """A pause in the pathway. Passive days do not count towards the indicators' clocks:
    the service is not slow while the participant has chosen to pause."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="passive_periods"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return f"passiv fra {self.start_date}"


class CareerProfile(models.Model):
    """What the participant wants and brings, filled in with the job specialist. One per
    participant: it follows the person from one enrolment to the next."""

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="career_profile"
    )
    desired_work = models.TextField(_("ønsket arbeid"), max_length=2000, blank=True)
    desired_tasks = models.TextField(_("arbeidsoppgaver"), max_length=2000, blank=True)
    desired_environment = models.TextField(_("arbeidsmiljø"), max_length=2000, blank=True)
    desired_hours = models.CharField(_("ønsket arbeidstid"), max_length=200, blank=True)
    education_history = models.TextField(_("utdanning"), max_length=4000, blank=True)
    work_history = models.TextField(_("arbeidserfaring"), max_length=4000, blank=True)
    skills_and_interests = models.TextField(
        _("ferdigheter og interesser"), max_length=4000, blank=True
    )
    health_and_coping = models.TextField(
        _("helse og mestringsstrategier"), max_length=4000, blank=True
    )
    early_signs = models.TextField(
        _("tidlige tegn på at det går dårligere, og hva vi gjør da"), max_length=4000, blank=True
    )
    network = models.TextField(_("nettverk"), max_length=2000, blank=True)
    transport = models.CharField(_("transport"), max_length=300, blank=True)
    economy_and_benefits = models.TextField(_("økonomi og ytelser"), max_length=2000, blank=True)
    benefits_counselling_date = models.DateField(
        _("veiledning om ytelser gitt"),
        null=True,
        blank=True,
        help_text=_("Datoen det ble gitt personlig veiledning om ytelser og arbeid."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("karriereprofil")
        verbose_name_plural = _("karriereprofiler")

    def __str__(self) -> str:
        return f"Karriereprofil {self.participant_id}"


class DisclosureTopic(models.TextChoices):
    """What the participant may choose to let an employer or school know."""

    FOLLOW_UP = "follow_up", _("at jeg får oppfølging fra en jobbspesialist")
    HEALTH = "health", _("at jeg har en helseutfordring")
    ADAPTATIONS = "adaptations", _("hva jeg trenger av tilrettelegging")
    COPING = "coping", _("hva som hjelper meg når det er vanskelig")
    EARLY_SIGNS = "early_signs", _("tidlige tegn, og hva arbeidsgiveren kan gjøre da")


class DisclosurePlan(models.Model):
    """The participant's decision about openness towards employers and schools. An employer
    contact in Los sees only the topics chosen here and the text written for them, and only
    while the participant's consent to their organisation is in force."""

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="disclosure_plan"
    )
    may_contact_employers = models.BooleanField(
        _("jobbspesialisten kan kontakte arbeidsgivere på mine vegne")
    )
    topics = models.JSONField(_("dette kan arbeidsgiveren få vite"), default=list, blank=True)
    to_employer = models.TextField(
        _("slik vil jeg at det skal sies"),
        max_length=2000,
        blank=True,
        help_text=_("Med deltakerens egne ord. Arbeidsgiveren ser denne teksten."),
    )
    not_to_share = models.TextField(
        _("dette skal ikke deles"),
        max_length=2000,
        blank=True,
        help_text=_("Arbeidsgiveren ser aldri denne teksten."),
    )
    pros = models.TextField(_("fordeler ved å være åpen"), max_length=2000, blank=True)
    cons = models.TextField(_("ulemper ved å være åpen"), max_length=2000, blank=True)
    agreed_on = models.DateField(_("deltakeren sa seg enig"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("plan for åpenhet")
        verbose_name_plural = _("planer for åpenhet")

    def __str__(self) -> str:
        return f"Plan for åpenhet {self.participant_id}"

    @property
    def topic_labels(self) -> list[str]:
        return [str(DisclosureTopic(t).label) for t in self.topics if t in DisclosureTopic.values]


class Employer(models.Model):
    """An employer the job specialists work with. Business information, not personal data;
    a Los organisation when its people also use Los (an employer contact on a team)."""

    name = models.CharField(_("navn"), max_length=200)
    orgnr = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_orgnr],
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    industry = models.CharField(_("bransje"), max_length=120, blank=True)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer",
        verbose_name=_("organisasjon i Los"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("arbeidsgiver")
        verbose_name_plural = _("arbeidsgivere")

    def __str__(self) -> str:
        return self.name


class EmployerPerson(models.Model):
    """Someone at an employer the job specialist talks to."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling"), max_length=120, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    decision_maker = models.BooleanField(_("tar beslutninger om ansettelser"), default=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ContactPurpose(models.TextChoices):
    RELATIONSHIP = "relationship", _("relasjonsbygging")
    JOB_DEVELOPMENT = "job_development", _("jobbutvikling")
    JOB_SUPPORT = "job_support", _("jobbstøtte")
    FOLLOW_UP = "follow_up", _("oppfølging")


class EmployerContact(models.Model):
    """One entry in a job specialist's job development log."""

    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer_contacts"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contacts")
    person = models.ForeignKey(
        EmployerPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvem du snakket med"),
    )
    contact_date = models.DateField(_("dato"))
    face_to_face = models.BooleanField(_("ansikt til ansikt"))
    in_field = models.BooleanField(_("ute i felt"))
    minutes = models.PositiveSmallIntegerField(_("tid brukt (minutter)"), default=30)
    purpose = models.CharField(_("formål"), max_length=16, choices=ContactPurpose.choices)
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_contacts",
        verbose_name=_("på vegne av"),
    )
    met_decision_maker = models.BooleanField(_("møtte den som ansetter"), default=False)
    outcome = models.TextField(_("resultat"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_date", "-pk"]
        indexes = [
            models.Index(fields=["specialist", "contact_date"]),
            models.Index(fields=["enrolment", "contact_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.contact_date}"


class EmploymentForm(models.TextChoices):
    PERMANENT = "permanent", _("fast ansatt")
    TEMPORARY = "temporary", _("midlertidig ansatt")
    ON_CALL = "on_call", _("tilkallingsvikar")
    SELF_EMPLOYED = "self_employed", _("selvstendig næringsdrivende")
    APPRENTICE = "apprentice", _("lærling")
    WORK_TRIAL = "work_trial", _("arbeidstrening")
    JOB_TASTER = "job_taster", _("hospitering")


# Time-limited training or assessment placements: never a competitive job (docs/indicators.md).
PLACEMENT_FORMS = frozenset({EmploymentForm.WORK_TRIAL, EmploymentForm.JOB_TASTER})


class JobEndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("kontrakten gikk ut")
    QUIT_NEW_JOB = "quit_new_job", _("sa opp, fikk ny jobb")
    QUIT = "quit", _("sa opp")
    DISMISSED = "dismissed", _("ble sagt opp")
    HEALTH = "health", _("helse")
    OTHER = "other", _("annet")


class Job(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="jobs")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(_("stilling"), max_length=200)
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("timer per uke"), max_digits=4, decimal_places=1)
    employment_form = models.CharField(
        _("ansettelsesform"), max_length=16, choices=EmploymentForm.choices
    )
    paid = models.BooleanField(_("lønnet"))
    ordinary_wage = models.BooleanField(
        _("ordinær lønn for arbeidet"),
        help_text=_("Samme lønn som andre får for det samme arbeidet (tariff eller vanlig)."),
    )
    open_to_anyone = models.BooleanField(
        _("stillingen er åpen for alle"),
        help_text=_("Ikke en stilling som er satt av til personer med nedsatt funksjonsevne."),
    )
    wage_subsidy = models.BooleanField(_("lønnstilskudd"), default=False)
    mentor_subsidy = models.BooleanField(_("mentortilskudd"), default=False)
    inclusion_subsidy = models.BooleanField(_("inkluderingstilskudd"), default=False)
    support_plan = models.TextField(_("plan for jobbstøtte"), max_length=4000, blank=True)
    what_worked = models.TextField(_("dette fungerte"), max_length=4000, blank=True)
    what_did_not_work = models.TextField(_("dette fungerte ikke"), max_length=4000, blank=True)
    end_reason = models.CharField(
        _("hvorfor jobben sluttet"), max_length=16, choices=JobEndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("jobb")
        verbose_name_plural = _("jobber")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="job_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=100),
                name="job_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EducationLevel(models.TextChoices):
    UPPER_SECONDARY = "upper_secondary", _("videregående skole")
    VOCATIONAL = "vocational", _("fagskole")
    BACHELOR = "bachelor", _("høyskole eller universitet, bachelor")
    MASTER = "master", _("høyskole eller universitet, master")
    ADULT = "adult", _("voksenopplæring")
    COURSE = "course", _("kurs")
    OTHER = "other", _("annet")


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("heltid")
    PART_TIME = "part_time", _("deltid")


class EducationStatus(models.TextChoices):
    PLANNED = "planned", _("planlagt")
    ONGOING = "ongoing", _("pågår")
    COMPLETED = "completed", _("fullført")
    INTERRUPTED = "interrupted", _("avbrutt")


class Funding(models.TextChoices):
    SELF = "self", _("selvfinansiert")
    NAV = "nav", _("dekket av NAV")
    OTHER = "other", _("annet")


class Education(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="educations")
    institution = models.CharField(_("skole eller lærested"), max_length=200)
    course = models.CharField(_("studium eller fag"), max_length=200)
    level = models.CharField(_("nivå"), max_length=16, choices=EducationLevel.choices)
    study_form = models.CharField(_("studieform"), max_length=10, choices=StudyForm.choices)
    funding = models.CharField(_("finansiering"), max_length=6, choices=Funding.choices)
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("sluttdato"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EducationStatus.choices)
    support_plan = models.TextField(_("plan for støtte"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("utdanning")
        verbose_name_plural = _("utdanninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="education_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.course


class SupportWith(models.TextChoices):
    PARTICIPANT = "participant", _("deltakeren")
    EMPLOYER = "employer", _("arbeidsgiveren")
    BOTH = "both", _("deltakeren og arbeidsgiveren")
    SCHOOL = "school", _("skolen")


class SupportContact(models.Model):
    """Follow-along support after the start of a job or education."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="support_contacts"
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_contacts",
        verbose_name=_("jobb"),
    )
    education = models.ForeignKey(
        Education,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_contacts",
        verbose_name=_("utdanning"),
    )
    contact_date = models.DateField(_("dato"))
    with_whom = models.CharField(_("med hvem"), max_length=12, choices=SupportWith.choices)
    face_to_face = models.BooleanField(_("ansikt til ansikt"))
    in_field = models.BooleanField(
        _("ute i felt"), help_text=_("På arbeidsplassen, skolen eller et annet sted i nærmiljøet.")
    )
    minutes = models.PositiveSmallIntegerField(_("tid brukt (minutter)"), default=30)
    note = models.TextField(_("hva dere gjorde"), max_length=4000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_date", "-pk"]
        indexes = [models.Index(fields=["by", "contact_date"])]

    def __str__(self) -> str:
        return f"{self.with_whom} {self.contact_date}"


class ReportKind(models.TextChoices):
    INTERVAL = "interval", _("mellomrapport")
    END = "end", _("sluttrapport")


REPORT_TEXT_FIELDS = ("activities", "results", "next_period", "participant_comment")


class CounsellorReport(models.Model):
    """A report from the job specialist to the participant's NAV counsellor, for a period of
    a pathway. This row is the draft, drafted from the data and edited here; sharing it
    freezes the text as a ReportVersion, which never changes. A correction after sharing is
    a new version."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("type rapport"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    activities = models.TextField(_("aktiviteter i perioden"), max_length=6000, blank=True)
    results = models.TextField(_("jobb, utdanning og resultater"), max_length=6000, blank=True)
    next_period = models.TextField(_("plan for neste periode"), max_length=4000, blank=True)
    participant_comment = models.TextField(_("deltakerens kommentar"), max_length=4000, blank=True)
    participant_informed_on = models.DateField(
        _("deltakeren ble informert om rapporten"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("rapport til NAV-veileder")
        verbose_name_plural = _("rapporter til NAV-veileder")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(kind="end"),
                name="one_end_report_per_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}–{self.period_end}"


class ImmutableError(Exception):
    pass


class ReportVersion(models.Model):
    """A shared report, as it was shared. Never changed: saving an existing row raises, and
    in PostgreSQL a trigger refuses UPDATE and DELETE (migration 0004)."""

    report = models.ForeignKey(CounsellorReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    activities = models.TextField(blank=True)
    results = models.TextField(blank=True)
    next_period = models.TextField(blank=True)
    participant_comment = models.TextField(blank=True)
    participant_informed_on = models.DateField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_by_name = models.CharField(max_length=200)
    shared_by_organisation = models.CharField(max_length=200)
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("En delt rapport endres ikke; lag en ny versjon.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("En delt rapport slettes ikke.")
