"""The words of the field, shared by every app: roles, kinds of organisation, sectors and the
categories of information that consent is given for.

Code names are English; labels are the Norwegian words staff and participants use.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Who information belongs to. Information recorded in one sector crosses to another only
    with the participant's consent (helsepersonelloven § 22, NAV-loven § 7)."""

    NAV = "nav", _("NAV")
    HEALTH = "health", _("Helse")
    EDUCATION = "education", _("Utdanning")
    EMPLOYER = "employer", _("Arbeidsgiver")
    PROVIDER = "provider", _("Tiltaksarrangør")
    ADVISORY = "advisory", _("Rådgivning (Arbeid & helse)")


class OrganisationKind(models.TextChoices):
    NAV_OFFICE = "nav_office", _("NAV-kontor")
    HEALTH_TRUST = "health_trust", _("DPS / helseforetak")
    MUNICIPAL_MENTAL_HEALTH = "municipal_mental_health", _("Kommunal psykisk helsetjeneste")
    GP_PRACTICE = "gp_practice", _("Fastlegekontor")
    SCHOOL = "school", _("Skole / universitet")
    EMPLOYER = "employer", _("Arbeidsgiver")
    PROVIDER = "provider", _("Tiltaksarrangør")
    REGIONAL_UNIT = "regional_unit", _("Regional enhet (Arbeid & helse)")
    DIRECTORATE = "directorate", _("Direktorat")

    @property
    def sector(self) -> Sector:
        return ORGANISATION_SECTOR[self]


ORGANISATION_SECTOR = {
    OrganisationKind.NAV_OFFICE: Sector.NAV,
    OrganisationKind.HEALTH_TRUST: Sector.HEALTH,
    OrganisationKind.MUNICIPAL_MENTAL_HEALTH: Sector.HEALTH,
    OrganisationKind.GP_PRACTICE: Sector.HEALTH,
    OrganisationKind.SCHOOL: Sector.EDUCATION,
    OrganisationKind.EMPLOYER: Sector.EMPLOYER,
    OrganisationKind.PROVIDER: Sector.PROVIDER,
    OrganisationKind.REGIONAL_UNIT: Sector.ADVISORY,
    OrganisationKind.DIRECTORATE: Sector.ADVISORY,
}


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("NAV-veileder")
    PILOT = "pilot", _("los")
    JOB_SPECIALIST = "job_specialist", _("jobbspesialist")
    IPS_SUPERVISOR = "ips_supervisor", _("metodeveileder")
    THERAPIST = "therapist", _("behandler")
    GP = "gp", _("fastlege")
    COORDINATOR = "coordinator", _("koordinator")
    EMPLOYER_CONTACT = "employer_contact", _("arbeidsgiverkontakt")
    REGIONAL_ADVISOR = "regional_advisor", _("rådgiver (Arbeid & helse)")
    COUNTY_COORDINATOR = "county_coordinator", _("fylkeskoordinator")
    PROGRAMME_MANAGER = "programme_manager", _("programansvarlig (direktorat)")
    FIDELITY_REVIEWER = "fidelity_reviewer", _("kvalitetsmåler")


# Roles that follow a person up and may write in the record when on the team.
CARE_ROLES = frozenset(
    {
        Role.COUNSELLOR,
        Role.PILOT,
        Role.JOB_SPECIALIST,
        Role.THERAPIST,
        Role.GP,
        Role.COORDINATOR,
    }
)
# Roles that may sit on a team but only read: the regional unit gives advice, not decisions;
# an employer contact sees what the participant chose to disclose; a method supervisor
# supervises the job specialist.
READ_ONLY_TEAM_ROLES = frozenset(
    {Role.REGIONAL_ADVISOR, Role.EMPLOYER_CONTACT, Role.IPS_SUPERVISOR}
)
TEAM_ROLES = CARE_ROLES | READ_ONLY_TEAM_ROLES
# System-level roles work with aggregates and never with personal data.
SYSTEM_ROLES = frozenset({Role.COUNTY_COORDINATOR, Role.PROGRAMME_MANAGER, Role.FIDELITY_REVIEWER})


class Category(models.TextChoices):
    """Categories of information in the record. CORE (who the person is and who follows
    them up) is seen by every active team member; every other category is seen by team
    members of its home sector, and by anyone else on the team only with consent."""

    CORE = "core", _("grunnopplysninger")
    PLAN = "plan", _("plan og mål")
    EMPLOYMENT = "employment", _("arbeid og utdanning")
    HEALTH_SUMMARY = "health_summary", _("helseopplysninger")
    CLINICAL_NOTES = "clinical_notes", _("behandlingsnotater")
    NAV_CASE_NOTES = "nav_case_notes", _("NAV-notater")
    MEASUREMENTS = "measurements", _("kartlegginger og målinger")


CONSENTABLE_CATEGORIES = tuple(c for c in Category if c != Category.CORE)

CATEGORY_HOME_SECTORS: dict[Category, frozenset[Sector]] = {
    Category.CORE: frozenset(Sector),
    # The Individual Plan is coordinated between NAV and the health services.
    Category.PLAN: frozenset({Sector.NAV, Sector.HEALTH}),
    # Job specialists work in NAV or for a provider.
    Category.EMPLOYMENT: frozenset({Sector.NAV, Sector.PROVIDER}),
    Category.HEALTH_SUMMARY: frozenset({Sector.HEALTH}),
    Category.CLINICAL_NOTES: frozenset({Sector.HEALTH}),
    Category.NAV_CASE_NOTES: frozenset({Sector.NAV}),
    Category.MEASUREMENTS: frozenset({Sector.HEALTH}),
}

# Phrases for the participant's own access log: «<name>, <role>, <org>, så <phrase>».
CATEGORY_SEEN_PHRASE = {
    Category.CORE: _("grunnopplysningene dine"),
    Category.PLAN: _("planen din"),
    Category.EMPLOYMENT: _("opplysninger om arbeid og utdanning"),
    Category.HEALTH_SUMMARY: _("helseopplysningene dine"),
    Category.CLINICAL_NOTES: _("behandlingsnotater"),
    Category.NAV_CASE_NOTES: _("NAV-notater"),
    Category.MEASUREMENTS: _("kartleggingene dine"),
}


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("skriftlig")
    ORAL = "oral", _("muntlig")
    DIGITAL = "digital", _("digitalt av deltakeren")


class Gender(models.TextChoices):
    """Legal gender (juridisk kjønn) as the national identity number gives it
    (los/core/identifiers.py: gender_from_national_id). Used only to count: the reports
    break their figures down by gender, as NAV's and SSB's statistics do."""

    FEMALE = "female", _("kvinne")
    MALE = "male", _("mann")
    UNKNOWN = "unknown", _("ukjent")


class ProtectedAddress(models.TextChoices):
    NONE = "", _("ingen")
    CONFIDENTIAL = "kode7", _("fortrolig adresse (kode 7)")
    STRICTLY_CONFIDENTIAL = "kode6", _("strengt fortrolig adresse (kode 6)")
