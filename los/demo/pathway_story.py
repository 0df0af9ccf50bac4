"""Three years of work pathways, as a real county's services would have recorded them: the
definition of the synthetic data the reports are tried on.

One enrolment's whole course (its *story*) follows from a few pseudo-random draws, each an
MD5 hash of the enrolment's key and the draw's number (`u`), so the same key always tells the
same story, in Python here (the demo, on SQLite) and in SQL (`los/demo/pathway_seed.py`,
100 000 participants in PostgreSQL, tested to give the same stories for the same keys).

What a story holds, and why it looks like a service's record:
- referrals spread from 1 January two years back to today (three calendar years: a service
  that took Los into use then), waiting time to the start, and some who never start;
- the programme by the kind of service and the person's age at referral: IPS and SFJ at NAV
  offices, IPS, Jobbmestrende oppfølging and SFJ at a DPS, AMS and Studier med støtte at a
  provider; under-30s mostly in IPS-ung, the seeds' concern being the young;
- pauses (passive periods) that never overlap and never begin before the start; the clocks
  of the pathway stop in them, so what would have happened after a pause's start happens
  that many days later (`_calendar`);
- the first face-to-face employer contact, most within the 30 days of IPS principle 6
  (rapid job search), a tail well beyond, and some never;
- jobs that start and end: a work trial or job taster first for some, then the first job
  (competitive or not: reserved, below ordinary wage, unpaid), a next job for some after it
  ends, a second job at the same time now and then, and jobs planned to start within the
  next 60 days; in SFJ many held a job already when they came (on sick leave from it);
- education in the programmes that cover it, starting at a semester, completed,
  interrupted or still going;
- ends with a spread of causes that follow from the story (in work, in education, ill in a
  long pause, another measure, moved, …);
- PHQ-9 and GAD-7 every four weeks in SFJ, WHO-5 and PHQ-9 for some in the other
  programmes when a therapist is on the team: improving for some, not for others.

How good a service is (`quality`, 0–1) tilts its draws: better services make the first
employer contact sooner, find jobs sooner and for more people, and keep them longer. The
spread is chosen so that the services' quarterly competitive employment rates fall around
the IPS Employment Center's benchmarks, 31 % (minimal), 41 % (average) and 50 % (excellent):
some under 31 %, some over 50 %. The share who ever get a job is set from the cumulative
rates of IPS trials, 40–60 %, which the benchmarks must not be mixed up with; SFJ's share
from Reme et al. 2015 (work participation 44.2 % at 12 months). Other shares and day
ranges are chosen to look like practice, not taken from a source; they are the constants
below, each named.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum

from los.core.vocabulary import OrganisationKind
from los.measures.scoring import Scale

# --- Draws ---------------------------------------------------------------------------------


class Draw(IntEnum):
    """The number of each draw: u(key, Draw.X). Indexed draws (the i-th contact, the j-th
    answer) add their index to a block of 100 (see `_indexed`)."""

    REFERRAL = 1
    PROGRAMME = 2
    WAITING = 3
    NEVER_STARTS = 4
    NEVER_STARTED_END = 5
    DURATION = 6
    PAUSE_1 = 7
    PAUSE_1_START = 8
    PAUSE_1_LENGTH = 9
    PAUSE_2 = 10
    PAUSE_2_START = 11
    PAUSE_2_LENGTH = 12
    ENDS_IN_PAUSE = 13
    END_CAUSE = 14
    PENSION = 15
    REFERRAL_SOURCE = 16
    MAIN_GOAL = 17
    FIRST_CONTACT = 18
    NO_EMPLOYER_CONTACT = 19
    PHONE_FIRST = 20
    MORE_CONTACTS = 21
    EARLY_CONTACT = 22
    GETS_JOB = 23
    DAYS_TO_JOB = 24
    HELD_BEFORE = 25
    HELD_BEFORE_DAYS = 26
    PLACEMENT_FIRST = 27
    PLACEMENT_KIND = 28
    PLACEMENT_LENGTH = 29
    PLACEMENT_HOURS = 30
    FIRST_JOB_COMPETITIVE = 31
    FIRST_JOB_FORM = 32
    FIRST_JOB_HOURS = 33
    FIRST_JOB_TENURE = 34
    FIRST_JOB_END_REASON = 35
    NEXT_JOB = 36
    NEXT_JOB_GAP = 37
    NEXT_JOB_COMPETITIVE = 38
    NEXT_JOB_FORM = 39
    NEXT_JOB_HOURS = 40
    NEXT_JOB_TENURE = 41
    NEXT_JOB_END_REASON = 42
    SECOND_JOB = 43
    SECOND_JOB_START = 44
    SECOND_JOB_HOURS = 45
    SECOND_JOB_TENURE = 46
    SECOND_JOB_END_REASON = 47
    EDUCATION = 48
    EDUCATION_READY = 49
    EDUCATION_LEVEL = 50
    EDUCATION_OUTCOME = 51
    EDUCATION_STOP = 52
    EDUCATION_FUNDING = 53
    EDUCATION_FORM = 54
    EDUCATION_PLACE = 55
    DOWNSIZING = 56
    MEASURE_WHO5 = 57
    MEASURE_PHQ9 = 58
    SERVICE_QUALITY = 59
    STAYS_IN_WORK = 60
    FIRST_JOB_KIND = 61
    NEXT_JOB_KIND = 62
    SECOND_ENROLMENT = 63
    # Blocks of 100 for indexed draws.
    CONTACT_EMPLOYER = 1000
    CONTACT_DECISION_MAKER = 1100
    CONTACT_MINUTES = 1200
    JOB_EMPLOYER = 1300
    JOB_TITLE = 1400
    SUPPORT_WITH = 1500
    SUPPORT_FACE_TO_FACE = 1600
    SUPPORT_IN_FIELD = 1700
    SUPPORT_MINUTES = 1800
    ANSWER_BASELINE = 1900
    ANSWER_COURSE = 2000
    ANSWER_TARGET = 2100
    ANSWER_NOISE = 2200  # + 10 × instrument + answer


def u(key: int, salt: int) -> float:
    """A number in [0, 1) from the key and the draw: the first 32 bits of MD5("key:salt").
    PostgreSQL computes the same (`pathway_seed.U_SQL`)."""
    digest = hashlib.md5(f"{key}:{salt}".encode("ascii"), usedforsecurity=False).hexdigest()
    return int(digest[:8], 16) / 4294967296.0


def _indexed(block: Draw, index: int) -> int:
    return int(block) + index


# --- Bands: shares of a range of days (or of a list of choices) ----------------------------

Band = tuple[float, int, int]  # (share, lowest, highest), both ends included


@dataclass(frozen=True)
class Bands:
    """Values drawn from bands: a draw x in [0, 1) falls in the band whose cumulative share
    it is under, and its place inside that band gives the value. A draw past the last band
    gives None (the shares sum to less than 1: «never»)."""

    bands: tuple[Band, ...]

    @property
    def cumulative(self) -> tuple[float, ...]:
        """Where each band ends. Summed once, in this order, so Python and SQL compare with
        the very same floating-point numbers; shares that sum to 1 end at exactly 1, so no
        draw falls past them by a rounding error."""
        ends, total = [], 0.0
        for share, _low, _high in self.bands:
            total = total + share
            ends.append(total)
        if abs(total - 1.0) < 1e-9:
            ends[-1] = 1.0
        return tuple(ends)

    def pick(self, x: float) -> int | None:
        before = 0.0
        for (share, low, high), end in zip(self.bands, self.cumulative, strict=True):
            if x < end:
                return min(high, low + math.floor((x - before) / share * (high - low + 1)))
            before = end
        return None


def choices(*shares: tuple[str, float]) -> tuple[tuple[str, ...], Bands]:
    """Named choices with their shares: the names in order, and bands giving their index."""
    names = tuple(name for name, _share in shares)
    return names, Bands(tuple((share, i, i) for i, (_name, share) in enumerate(shares)))


def choose(named: tuple[tuple[str, ...], Bands], x: float) -> str:
    names, bands = named
    index = bands.pick(x)
    return names[index if index is not None else len(names) - 1]


TILT = 0.6


def tilt(x: float, quality: float) -> float:
    """Lean a draw towards 0 for a good service (quality 1) and towards 1 for a weak one
    (quality 0): drawn from bands that go from soon to late, a good service is sooner. The
    map keeps 0 and 1 in place and the order of draws, so the bands keep their meaning."""
    lean = TILT * (2.0 * quality - 1.0)
    return x * (1.0 - lean * (1.0 - x))


# --- The shape -----------------------------------------------------------------------------

YOUNG_UNDER = 30  # IPS-ung is for under-30s
PENSION_AGE = 62

# The programmes each kind of service runs, by age group at referral (under 30, 30 and over).
PROGRAMME_MIX = {
    (OrganisationKind.NAV_OFFICE, True): choices(("ips-ung", 0.75), ("ips", 0.10), ("sfj", 0.15)),
    (OrganisationKind.NAV_OFFICE, False): choices(("ips", 0.80), ("sfj", 0.20)),
    (OrganisationKind.HEALTH_TRUST, True): choices(
        ("ips-ung", 0.45), ("jobbmestrende", 0.30), ("sfj", 0.25)
    ),
    (OrganisationKind.HEALTH_TRUST, False): choices(
        ("ips", 0.45), ("jobbmestrende", 0.25), ("sfj", 0.30)
    ),
    (OrganisationKind.PROVIDER, True): choices(("ams", 0.65), ("studier-med-stotte", 0.35)),
    (OrganisationKind.PROVIDER, False): choices(("ams", 0.90), ("studier-med-stotte", 0.10)),
}
SERVICE_KINDS = (
    OrganisationKind.NAV_OFFICE,
    OrganisationKind.HEALTH_TRUST,
    OrganisationKind.PROVIDER,
)
REFERRAL_SOURCES = {
    OrganisationKind.NAV_OFFICE: choices(
        ("nav", 0.45), ("dps", 0.25), ("gp", 0.12), ("municipal", 0.12), ("self", 0.06)
    ),
    OrganisationKind.HEALTH_TRUST: choices(
        ("dps", 0.70), ("nav", 0.15), ("gp", 0.10), ("municipal", 0.05)
    ),
    OrganisationKind.PROVIDER: choices(("nav", 0.90), ("other", 0.10)),
}
EDUCATION_GOAL_SHARE = {"ips-ung": 0.30}  # main goal education; Studier med støtte: always

WAITING_DAYS = Bands(((0.50, 0, 14), (0.32, 15, 42), (0.14, 43, 90), (0.04, 91, 180)))
NEVER_STARTS_SHARE = 0.04
NEVER_STARTED_END = (30, 120)  # ended this many days after the referral
# Active days from the start to the end; IPS support is time-unlimited, so many go on.
DURATION_DAYS = Bands(((0.12, 30, 120), (0.28, 121, 365), (0.32, 366, 730), (0.28, 731, 1200)))
# Who finds work stays on for follow-along support at least this many active days after the
# job starts (IPS support is time-unlimited; a service does not end on the first pay day).
STAYS_IN_WORK = (180, 540)

PAUSE_SHARE = 0.25
SECOND_PAUSE_SHARE = 0.30  # of those with a first pause
PAUSE_START = (15, 400)  # days after the start (the first) or the end of the first pause
PAUSE_GAP = (30, 200)
PAUSE_DAYS = Bands(((0.45, 14, 45), (0.35, 46, 120), (0.20, 121, 240)))
ENDS_IN_PAUSE_SHARE = 0.40  # of first pauses of 90 days or more: ended while passive
ENDS_IN_PAUSE_FROM = 90
PAUSE_REASONS = ("Innlagt på sykehus", "Pause etter ønske", "Behandling først", "Familiesituasjon")

# Active days to the first face-to-face employer contact; past the bands: never.
FIRST_CONTACT_DAYS = Bands(((0.62, 1, 30), (0.22, 31, 90), (0.10, 91, 240)))
NO_EMPLOYER_CONTACT_SHARE = {"studier-med-stotte": 0.60}  # they work with schools instead
PHONE_FIRST_SHARE = 0.5
MORE_CONTACTS = 6  # 0–5 further face-to-face contacts, every CONTACT_EVERY active days
CONTACT_EVERY = 14
EARLY_CONTACT_SHARE = 0.04  # a face-to-face contact between referral and start
DECISION_MAKER_SHARE = 0.4

# The chance of a first job, before the service's quality (× 0.75–1.25, at most 0.95).
JOB_CHANCE = {
    "ips": 0.70,
    "ips-ung": 0.62,
    "jobbmestrende": 0.55,
    "sfj": 0.72,
    "ams": 0.65,
    "studier-med-stotte": 0.35,
}
JOB_CHANCE_CAP = 0.95
DAYS_TO_JOB = Bands(((0.35, 21, 90), (0.40, 91, 180), (0.25, 181, 400)))
HELD_BEFORE_SHARE = {"sfj": 0.30}  # others 0.03: a job held when they came
HELD_BEFORE_OTHERS = 0.03
HELD_BEFORE_DAYS = (30, 630)
HELD_BEFORE_TENURE = 365  # days added to a job held before: they had kept it a while
PLACEMENT_FIRST_SHARE = {"ams": 0.35}  # others 0.12: a work trial or job taster first
PLACEMENT_FIRST_OTHERS = 0.12
PLACEMENT_KINDS = choices(("work_trial", 0.70), ("job_taster", 0.30))
PLACEMENT_DAYS = (30, 90)
PLACEMENT_HOURS = (10, 30)
COMPETITIVE_SHARE = {
    "ips": 0.88,
    "ips-ung": 0.85,
    "jobbmestrende": 0.80,
    "sfj": 0.90,
    "ams": 0.70,
    "studier-med-stotte": 0.80,
}
NEXT_JOB_COMPETITIVE_SHARE = 0.85
COMPETITIVE_FORMS = choices(
    ("permanent", 0.45), ("temporary", 0.33), ("on_call", 0.15), ("apprentice", 0.05),
    ("self_employed", 0.02),
)  # fmt: skip
# A first job that is not competitive: reserved for people with a disability, paid below
# the ordinary wage, or an unpaid work trial (docs/outcomes.md).
NOT_COMPETITIVE_KINDS = choices(("reserved", 0.40), ("low_wage", 0.30), ("unpaid_trial", 0.30))
HOURS = Bands(((0.35, 4, 15), (0.40, 16, 25), (0.25, 26, 37)))
SECOND_JOB_HOURS = (4, 12)
TENURE_DAYS = Bands(((0.25, 14, 120), (0.35, 121, 365), (0.40, 366, 1400)))
JOB_END_REASONS = choices(
    ("contract_ended", 0.30), ("quit_new_job", 0.15), ("quit", 0.20), ("dismissed", 0.10),
    ("health", 0.20), ("other", 0.05),
)  # fmt: skip
NEXT_JOB_SHARE = 0.55  # after a job that ended (always after «sa opp, fikk ny jobb»)
NEXT_JOB_GAP = (14, 164)
NEW_JOB_GAP = (0, 14)
SECOND_JOB_SHARE = 0.08  # a second job at the same time
SECOND_JOB_START = (30, 230)
PLANNED_AHEAD_DAYS = 60  # a job agreed, starting within this many days

EDUCATION_SHARE = {"ips-ung": 0.35, "studier-med-stotte": 0.85}
EDUCATION_READY = (60, 300)  # active days from the start to being ready for school
EDUCATION_PLANNED_AHEAD_DAYS = 120
EDUCATION_LEVELS = {
    "ips-ung": choices(
        ("upper_secondary", 0.35), ("vocational", 0.15), ("bachelor", 0.25), ("course", 0.25)
    ),
    "studier-med-stotte": choices(
        ("bachelor", 0.45), ("vocational", 0.20), ("upper_secondary", 0.10), ("course", 0.15),
        ("master", 0.10),
    ),
}  # fmt: skip
EDUCATION_DAYS = {
    "upper_secondary": 310,
    "vocational": 640,
    "bachelor": 1040,
    "master": 680,
    "course": 120,
}
EDUCATION_COMPLETES = 0.65  # then 0.20 interrupted; the rest take longer than planned
EDUCATION_INTERRUPTED = 0.85
EDUCATION_FUNDING = choices(("self", 0.50), ("nav", 0.40), ("other", 0.10))
FULL_TIME_SHARE = 0.60
SEMESTER_STARTS = ((1, 5), (8, 15))  # (month, day)

ENDS_IN_PAUSE_CAUSES = choices(
    ("illness", 0.40), ("treatment", 0.25), ("disability", 0.15), ("other", 0.20)
)
IN_WORK_AT_END_CAUSES = choices(("work", 0.92), ("other", 0.08))
OTHER_END_CAUSES = choices(
    ("other_measure", 0.30), ("treatment", 0.15), ("illness", 0.15), ("disability", 0.10),
    ("moved", 0.10), ("other", 0.20),
)  # fmt: skip
PENSION_SHARE = 0.5  # of those over PENSION_AGE who end for another reason
NOT_STARTED_CAUSES = choices(
    ("other_measure", 0.35), ("illness", 0.25), ("moved", 0.15), ("other", 0.25)
)

TITLES = (
    "Butikkmedarbeider", "Lagermedarbeider", "Renholder", "Kokkeassistent",
    "Barnehageassistent", "Helsefagarbeider", "Sjåfør", "Kundeservicemedarbeider",
    "Regnskapsmedarbeider", "IT-støtte", "Servitør", "Gartner", "Snekker", "Elektrikerlærling",
    "Vaktmester", "Resepsjonist", "Kontormedarbeider", "Baker", "Frisør", "Lærerassistent",
    "Miljøarbeider", "Postbud", "Produksjonsmedarbeider", "Fiskeindustriarbeider",
    "Bussjåfør", "Maler", "Grafisk designer", "Utvikler", "Bibliotekassistent", "Dyrepleier",
)  # fmt: skip
PLACES_OF_STUDY = (
    "Nord universitet", "UiT Norges arktiske universitet", "Fagskolen i Nordland",
    "Bodø videregående skole", "Voksenopplæringen", "NTNU", "Universitetet i Bergen",
    "OsloMet", "Universitetet i Agder", "Fagskolen Innlandet",
)  # fmt: skip
COURSE_BY_LEVEL = {
    "upper_secondary": "Helse- og oppvekstfag",
    "vocational": "Fagskole i helse",
    "bachelor": "Bachelor i sosialt arbeid",
    "master": "Master i spesialpedagogikk",
    "course": "Kurs i regnskap",
}

# Some come back: a new referral to the same service after an enrolment has ended.
SECOND_ENROLMENT_SHARE = 0.15
SECOND_ENROLMENT_AFTER = 14  # days after the end, at the earliest

ENGAGING_STEP = 7  # days between the stages of engagement (first contact, career mapping)
JOB_DEVELOPMENT_FROM = (8, 21)  # job development begins between these active days
FOLLOW_ALONG_AFTER = 30
DOWNSIZING_AFTER = 365
DOWNSIZING_SHARE = 0.5

SUPPORT_CONTACTS = 6  # per job: one a week after the start, then every four weeks
SUPPORT_FIRST, SUPPORT_EVERY = 7, 28
EDUCATION_SUPPORT_CONTACTS = 4
EDUCATION_SUPPORT_FIRST, EDUCATION_SUPPORT_EVERY = 14, 42
SUPPORT_WITH = choices(("participant", 0.45), ("employer", 0.20), ("both", 0.35))


@dataclass(frozen=True)
class Measure:
    """A questionnaire a service follows over time. The drawn course is on a «distress»
    scale, 0 = well: the instrument's raw score for PHQ-9 and GAD-7, the maximum minus the
    raw score for WHO-5 (where high is well)."""

    code: str
    every_days: int
    baseline: Bands  # distress at the first answer
    high_is_well: bool = False


MEASURES = {
    "phq-9": Measure("phq-9", 28, Bands(((1.0, 8, 20),))),
    "gad-7": Measure("gad-7", 28, Bands(((1.0, 7, 18),))),
    "who-5": Measure("who-5", 91, Bands(((1.0, 10, 21),)), high_is_well=True),
}
MEASURE_INDEX = {"phq-9": 0, "gad-7": 1, "who-5": 2}
SFJ_MEASURES = ("phq-9", "gad-7")  # every four weeks, the SFJ routine
OTHER_MEASURE_SHARE = {"who-5": 0.50, "phq-9": 0.35}
OTHER_PHQ9_EVERY = 56
MAX_ANSWERS = 8
FIRST_ANSWER_AFTER = 7
# Responders end at 20–50 % of where they began (the ≥ 50 % reduction of PHQ-9 response);
# partial responders at 55–85 %; the rest stay at 90–120 %. Reached over three answers.
COURSES = choices(("responder", 0.45), ("partial", 0.25), ("flat", 0.30))
COURSE_TARGET = {"responder": (0.20, 0.30), "partial": (0.55, 0.30), "flat": (0.90, 0.30)}
COURSE_ANSWERS = 3
NOISE = 5  # −2 … +2 from the second answer on


# --- The story -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """What a story is told from: the enrolment's key, its service and the person."""

    key: int
    kind: OrganisationKind  # of the service
    quality: float  # of the service, 0–1
    birth_date: datetime.date
    referral_from: datetime.date
    today: datetime.date
    has_therapist: bool = False  # on the team: questionnaires are followed
    employers: int = 1  # how many employers the service's contacts are spread over
    titles: int = 1  # how many job titles


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date | None  # the day it ended (passive days are [start, end)); None: now
    follow_up: datetime.date
    reason: str


@dataclass(frozen=True)
class Contact:
    day: datetime.date
    face_to_face: bool
    employer: int  # index into the employers
    met_decision_maker: bool
    minutes: int


@dataclass(frozen=True)
class JobStory:
    slot: int  # 0 placement first, 1 first job, 2 next job, 3 second job at the same time
    start: datetime.date
    end: datetime.date | None
    hours: int
    form: str
    paid: bool
    ordinary_wage: bool
    open_to_anyone: bool
    end_reason: str
    employer: int
    title: int

    @property
    def competitive(self) -> bool:
        # The rule of los/pathways/outcomes.py, for the story's own use (the end cause).
        return (
            self.form not in ("work_trial", "job_taster")
            and self.paid
            and self.ordinary_wage
            and self.open_to_anyone
        )


@dataclass(frozen=True)
class EducationStory:
    start: datetime.date
    end: datetime.date | None
    status: str
    level: str
    funding: str
    full_time: bool
    place: int  # index into the places of study


@dataclass(frozen=True)
class Support:
    slot: int  # the job's slot, or EDUCATION_SLOT
    day: datetime.date
    with_whom: str
    face_to_face: bool
    in_field: bool
    minutes: int


EDUCATION_SLOT = 4


@dataclass(frozen=True)
class Answer:
    instrument: str
    every_days: int  # how often it is planned
    index: int  # 0 for the first answer
    day: datetime.date
    distress: int  # on the drawn scale; `raw_score` turns it into the instrument's


@dataclass
class Story:
    key: int
    programme: str
    referral_date: datetime.date
    referral_source: str
    main_goal: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    end_cause: str
    pauses: list[Pause] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    jobs: list[JobStory] = field(default_factory=list)
    educations: list[EducationStory] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    stages: list[tuple[int, datetime.date]] = field(default_factory=list)  # (layout index, from)
    answers: list[Answer] = field(default_factory=list)

    @property
    def pause_now(self) -> Pause | None:
        return next((p for p in self.pauses if p.end is None), None)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _within(x: float, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return low + math.floor(x * (high - low + 1))


def referral_window_start(today: datetime.date) -> datetime.date:
    """Referrals are spread from 1 January two years back: three calendar years of record."""
    return datetime.date(today.year - 2, 1, 1)


def age_on(day: datetime.date, birth: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def semester_start(day: datetime.date) -> datetime.date:
    """The first semester start on or after `day`."""
    for month, dom in SEMESTER_STARTS:
        start = datetime.date(day.year, month, dom)
        if start >= day:
            return start
    month, dom = SEMESTER_STARTS[0]
    return datetime.date(day.year + 1, month, dom)


def job_chance(programme: str, quality: float) -> float:
    return min(JOB_CHANCE_CAP, JOB_CHANCE[programme] * (0.75 + 0.5 * quality))


# Stage layout: for each stage of a programme, in order, its phase and its rank among the
# programme's stages of that phase.
Layout = tuple[tuple[str, int], ...]


def layout_of(phases: list[str]) -> Layout:
    """The layout of a programme whose stages, in order, have these phases."""
    seen: dict[str, int] = {}
    layout = []
    for phase in phases:
        layout.append((phase, seen.get(phase, 0)))
        seen[phase] = seen.get(phase, 0) + 1
    return tuple(layout)


def story(case: Case, layouts: dict[str, Layout]) -> Story:
    key, today, q = case.key, case.today, case.quality

    def d(salt: int) -> float:
        return u(key, salt)

    span = (today - case.referral_from).days + 1
    referral = case.referral_from + _days(math.floor(d(Draw.REFERRAL) * span))
    young = age_on(referral, case.birth_date) < YOUNG_UNDER
    programme = choose(PROGRAMME_MIX[(case.kind, young)], d(Draw.PROGRAMME))
    main_goal = (
        "education"
        if programme == "studier-med-stotte"
        or d(Draw.MAIN_GOAL) < EDUCATION_GOAL_SHARE.get(programme, 0.0)
        else "work"
    )
    told = Story(
        key=key,
        programme=programme,
        referral_date=referral,
        referral_source=choose(REFERRAL_SOURCES[case.kind], d(Draw.REFERRAL_SOURCE)),
        main_goal=main_goal,
        start_date=None,
        end_date=None,
        end_cause="",
    )
    layout = layouts[programme]
    start = referral + _days(WAITING_DAYS.pick(d(Draw.WAITING)))
    if d(Draw.NEVER_STARTS) < NEVER_STARTS_SHARE or start > today:
        if d(Draw.NEVER_STARTS) < NEVER_STARTS_SHARE:
            end = referral + _days(_within(d(Draw.NEVER_STARTED_END), NEVER_STARTED_END))
            if end <= today:
                told.end_date = end
                told.end_cause = choose(NOT_STARTED_CAUSES, d(Draw.END_CAUSE))
        told.stages = _stages(layout, referral, None, told.end_date, {})
        return told
    told.start_date = start

    # Pauses, in calendar days: the first some time after the start, the second some time
    # after the first has ended.
    has_1 = d(Draw.PAUSE_1) < PAUSE_SHARE
    start_1 = start + _days(_within(d(Draw.PAUSE_1_START), PAUSE_START))
    length_1 = PAUSE_DAYS.pick(d(Draw.PAUSE_1_LENGTH))
    ends_in_pause = (
        has_1
        and length_1 >= ENDS_IN_PAUSE_FROM
        and d(Draw.ENDS_IN_PAUSE) < ENDS_IN_PAUSE_SHARE
        and start_1 + _days(length_1) <= today
    )
    has_2 = has_1 and not ends_in_pause and d(Draw.PAUSE_2) < SECOND_PAUSE_SHARE
    start_2 = start_1 + _days(length_1 + _within(d(Draw.PAUSE_2_START), PAUSE_GAP))
    length_2 = PAUSE_DAYS.pick(d(Draw.PAUSE_2_LENGTH))

    def calendar(active: int) -> datetime.date:
        return _calendar(start, active, has_1, start_1, length_1, has_2, start_2, length_2)

    gets_job = d(Draw.GETS_JOB) < job_chance(programme, q)
    to_job = DAYS_TO_JOB.pick(tilt(d(Draw.DAYS_TO_JOB), q))
    if ends_in_pause:
        end = start_1 + _days(length_1)
    else:
        duration = DURATION_DAYS.pick(d(Draw.DURATION))
        if gets_job:
            duration = max(duration, to_job + _within(d(Draw.STAYS_IN_WORK), STAYS_IN_WORK))
        end = calendar(duration)
    ended = end <= today
    told.end_date = end if ended else None
    # The last day things happen: the end, or today; in a pause that ends it, the day before.
    last = min(start_1 - _days(1) if ends_in_pause else end, today)
    for number, (has, begins, length) in enumerate(
        [(has_1, start_1, length_1), (has_2, start_2, length_2)]
    ):
        if not has or begins > today or (ended and begins >= end):
            continue
        resumed = begins + _days(length)
        told.pauses.append(
            Pause(
                start=begins,
                end=end if ends_in_pause else (resumed if resumed <= today else None),
                follow_up=resumed,
                reason=PAUSE_REASONS[(key + number) % len(PAUSE_REASONS)],
            )
        )

    told.contacts = _contacts(case, programme, referral, start, last, calendar)
    if gets_job:
        told.jobs = _jobs(case, programme, to_job, start, last, ended, end, calendar)
    told.educations = _educations(case, programme, last, ended, calendar)
    told.support = _support(case, told, start, last)

    if ended:
        told.end_cause = _end_cause(case, told, ends_in_pause, end)
    phase_days = _phase_days(case, told, start, calendar)
    told.stages = _stages(layout, referral, start, told.end_date, phase_days, last=last)
    told.answers = _answers(case, programme, last, calendar)
    return told


def _calendar(start, active, has_1, start_1, length_1, has_2, start_2, length_2):
    """The calendar day `active` days after the start, not counting the pauses' days."""
    day = start + _days(active)
    if has_1 and day >= start_1:
        day += _days(length_1)
    if has_2 and day >= start_2:
        day += _days(length_2)
    return day


def _contacts(case, programme, referral, start, last, calendar) -> list[Contact]:
    key, q = case.key, case.quality

    def contact(index: int, day: datetime.date, face_to_face: bool) -> Contact:
        return Contact(
            day=day,
            face_to_face=face_to_face,
            employer=math.floor(u(key, _indexed(Draw.CONTACT_EMPLOYER, index)) * case.employers),
            met_decision_maker=face_to_face
            and u(key, _indexed(Draw.CONTACT_DECISION_MAKER, index)) < DECISION_MAKER_SHARE,
            minutes=30 + math.floor(u(key, _indexed(Draw.CONTACT_MINUTES, index)) * 60),
        )

    contacts = []
    if u(key, Draw.EARLY_CONTACT) < EARLY_CONTACT_SHARE and (start - referral).days >= 2:
        contacts.append(contact(7, referral + _days((start - referral).days // 2), True))
    first = FIRST_CONTACT_DAYS.pick(tilt(u(key, Draw.FIRST_CONTACT), q))
    if u(key, Draw.NO_EMPLOYER_CONTACT) < NO_EMPLOYER_CONTACT_SHARE.get(programme, 0.0):
        first = None
    if first is None:
        return contacts
    if u(key, Draw.PHONE_FIRST) < PHONE_FIRST_SHARE and first >= 4:
        day = calendar(first // 2)
        if day <= last:
            contacts.append(contact(6, day, False))
    more = math.floor(u(key, Draw.MORE_CONTACTS) * MORE_CONTACTS)
    for index in range(more + 1):
        day = calendar(first + CONTACT_EVERY * index)
        if day <= last:
            contacts.append(contact(index, day, True))
    return contacts


def _job(case, slot, start, end, hours, form, competitive_kind, end_reason) -> JobStory:
    """A job of the story. `competitive_kind`: "" for a competitive job, else how it is not
    (NOT_COMPETITIVE_KINDS, or "placement")."""
    key = case.key
    paid, ordinary, open_to_anyone = True, True, True
    if competitive_kind == "reserved":
        open_to_anyone = False
    elif competitive_kind == "low_wage":
        form, ordinary = "temporary", False
    elif competitive_kind == "unpaid_trial":
        form, paid, ordinary = "work_trial", False, False
    elif competitive_kind == "placement":
        paid, ordinary = False, False
    return JobStory(
        slot=slot,
        start=start,
        end=end,
        hours=hours,
        form=form,
        paid=paid,
        ordinary_wage=ordinary,
        open_to_anyone=open_to_anyone,
        end_reason=end_reason if end is not None else "",
        employer=math.floor(u(key, _indexed(Draw.JOB_EMPLOYER, slot)) * case.employers),
        title=math.floor(u(key, _indexed(Draw.JOB_TITLE, slot)) * case.titles),
    )


def _jobs(case, programme, to_job, start, last, ended, end, calendar) -> list[JobStory]:
    key, q, today = case.key, case.quality, case.today

    def d(salt: int) -> float:
        return u(key, salt)

    # A job exists once it has started on or before the last day; one agreed to start in
    # the next 60 days is planned, in an enrolment still open.
    ahead = today + _days(PLANNED_AHEAD_DAYS)

    def exists(day: datetime.date) -> bool:
        return day <= last or (not ended and today < day <= ahead)

    def until(begins: datetime.date, tenure: int) -> datetime.date | None:
        stops = begins + _days(tenure)
        return stops if stops <= today else None

    jobs = []
    held_before = d(Draw.HELD_BEFORE) < HELD_BEFORE_SHARE.get(programme, HELD_BEFORE_OTHERS)
    if held_before:
        first_start = start - _days(_within(d(Draw.HELD_BEFORE_DAYS), HELD_BEFORE_DAYS))
    else:
        first_start = calendar(to_job)
        placement_share = PLACEMENT_FIRST_SHARE.get(programme, PLACEMENT_FIRST_OTHERS)
        if d(Draw.PLACEMENT_FIRST) < placement_share:
            begins = calendar(to_job // 2)
            stops = min(
                first_start - _days(1),
                begins + _days(_within(d(Draw.PLACEMENT_LENGTH), PLACEMENT_DAYS)),
            )
            if ended:
                stops = min(stops, end)
            if begins <= last and stops >= begins:
                jobs.append(
                    _job(
                        case, 0, begins, stops if stops <= today else None,
                        _within(d(Draw.PLACEMENT_HOURS), PLACEMENT_HOURS),
                        choose(PLACEMENT_KINDS, d(Draw.PLACEMENT_KIND)), "placement",
                        "contract_ended",
                    )
                )  # fmt: skip
    if not exists(first_start):
        return jobs
    competitive = held_before or d(Draw.FIRST_JOB_COMPETITIVE) < COMPETITIVE_SHARE[programme]
    tenure = TENURE_DAYS.pick(tilt(d(Draw.FIRST_JOB_TENURE), 1.0 - q))
    if held_before:
        tenure += HELD_BEFORE_TENURE
    first = _job(
        case, 1, first_start,
        until(first_start, tenure) if first_start <= today else None,
        HOURS.pick(d(Draw.FIRST_JOB_HOURS)),
        choose(COMPETITIVE_FORMS, d(Draw.FIRST_JOB_FORM)),
        "" if competitive else choose(NOT_COMPETITIVE_KINDS, d(Draw.FIRST_JOB_KIND)),
        choose(JOB_END_REASONS, d(Draw.FIRST_JOB_END_REASON)),
    )  # fmt: skip
    jobs.append(first)
    if first.start > today:
        return jobs
    if first.end is not None and (
        first.end_reason == "quit_new_job" or d(Draw.NEXT_JOB) < NEXT_JOB_SHARE
    ):
        gap = NEW_JOB_GAP if first.end_reason == "quit_new_job" else NEXT_JOB_GAP
        begins = first.end + _days(_within(d(Draw.NEXT_JOB_GAP), gap))
        if exists(begins):
            competitive = d(Draw.NEXT_JOB_COMPETITIVE) < NEXT_JOB_COMPETITIVE_SHARE
            jobs.append(
                _job(
                    case, 2, begins,
                    until(begins, TENURE_DAYS.pick(tilt(d(Draw.NEXT_JOB_TENURE), 1.0 - q)))
                    if begins <= today else None,
                    HOURS.pick(d(Draw.NEXT_JOB_HOURS)),
                    choose(COMPETITIVE_FORMS, d(Draw.NEXT_JOB_FORM)),
                    "" if competitive else choose(NOT_COMPETITIVE_KINDS, d(Draw.NEXT_JOB_KIND)),
                    choose(JOB_END_REASONS, d(Draw.NEXT_JOB_END_REASON)),
                )
            )  # fmt: skip
    if d(Draw.SECOND_JOB) < SECOND_JOB_SHARE:
        begins = max(first.start, start) + _days(
            _within(d(Draw.SECOND_JOB_START), SECOND_JOB_START)
        )
        if begins <= last and (first.end is None or begins <= first.end):
            jobs.append(
                _job(
                    case, 3, begins,
                    until(begins, TENURE_DAYS.pick(tilt(d(Draw.SECOND_JOB_TENURE), 1.0 - q))),
                    _within(d(Draw.SECOND_JOB_HOURS), SECOND_JOB_HOURS), "temporary", "",
                    choose(JOB_END_REASONS, d(Draw.SECOND_JOB_END_REASON)),
                )
            )  # fmt: skip
    return jobs


def _educations(case, programme, last, ended, calendar) -> list[EducationStory]:
    key, today = case.key, case.today

    def d(salt: int) -> float:
        return u(key, salt)

    if d(Draw.EDUCATION) >= EDUCATION_SHARE.get(programme, 0.0):
        return []
    begins = semester_start(calendar(_within(d(Draw.EDUCATION_READY), EDUCATION_READY)))
    planned = not ended and today < begins <= today + _days(EDUCATION_PLANNED_AHEAD_DAYS)
    if begins > last and not planned:
        return []
    level = choose(EDUCATION_LEVELS[programme], d(Draw.EDUCATION_LEVEL))
    length = EDUCATION_DAYS[level]
    outcome = d(Draw.EDUCATION_OUTCOME)
    stops, status = None, "ongoing"
    if begins > today:
        status = "planned"
    elif outcome < EDUCATION_COMPLETES:
        if begins + _days(length) <= today:
            stops, status = begins + _days(length), "completed"
    elif outcome < EDUCATION_INTERRUPTED:
        quit_on = begins + _days(20 + math.floor(d(Draw.EDUCATION_STOP) * length))
        if quit_on <= today:
            stops, status = quit_on, "interrupted"
    return [
        EducationStory(
            start=begins,
            end=stops,
            status=status,
            level=level,
            funding=choose(EDUCATION_FUNDING, d(Draw.EDUCATION_FUNDING)),
            full_time=d(Draw.EDUCATION_FORM) < FULL_TIME_SHARE,
            place=key % 1000,
        )
    ]


def _support(case, told: Story, start, last) -> list[Support]:
    key, q = case.key, case.quality
    support = []

    def add(slot: int, index: int, day: datetime.date, school: bool) -> None:
        n = 10 * slot + index
        face_to_face = u(key, _indexed(Draw.SUPPORT_FACE_TO_FACE, n)) < 0.45 + 0.4 * q
        support.append(
            Support(
                slot=slot,
                day=day,
                with_whom="school"
                if school
                else choose(SUPPORT_WITH, u(key, _indexed(Draw.SUPPORT_WITH, n))),
                face_to_face=face_to_face,
                in_field=face_to_face and u(key, _indexed(Draw.SUPPORT_IN_FIELD, n)) < 0.85,
                minutes=20 + math.floor(u(key, _indexed(Draw.SUPPORT_MINUTES, n)) * 70),
            )
        )

    for job in told.jobs:
        until = min(job.end or last, last)
        for index in range(SUPPORT_CONTACTS):
            day = max(job.start, start) + _days(SUPPORT_FIRST + SUPPORT_EVERY * index)
            if day <= until:
                add(job.slot, index, day, False)
    for education in told.educations:
        until = min(education.end or last, last)
        for index in range(EDUCATION_SUPPORT_CONTACTS):
            day = education.start + _days(EDUCATION_SUPPORT_FIRST + EDUCATION_SUPPORT_EVERY * index)
            if day <= until and education.status != "planned":
                add(EDUCATION_SLOT, index, day, True)
    return support


def _end_cause(case, told: Story, ends_in_pause: bool, end: datetime.date) -> str:
    x = u(case.key, Draw.END_CAUSE)
    if ends_in_pause:
        return choose(ENDS_IN_PAUSE_CAUSES, x)
    if any(j.competitive and j.start <= end and (j.end is None or j.end >= end) for j in told.jobs):
        return choose(IN_WORK_AT_END_CAUSES, x)
    studying = next(
        (
            e
            for e in told.educations
            if e.status != "planned" and e.start <= end and (e.end is None or e.end >= end)
        ),
        None,
    )
    if studying is not None:
        return "education_nav" if studying.funding == "nav" else "education_self"
    if age_on(end, case.birth_date) >= PENSION_AGE and u(case.key, Draw.PENSION) < PENSION_SHARE:
        return "pension"
    return choose(OTHER_END_CAUSES, x)


def _phase_days(case, told: Story, start, calendar) -> dict[str, datetime.date | None]:
    """The day each phase begins, before the stages are put in order."""
    first_face_to_face = next(
        (c.day for c in told.contacts if c.face_to_face and c.day >= start), None
    )
    # Job development begins with the first face-to-face employer contact, held between
    # the 8th and the 21st active day (a contact during career mapping comes first).
    low, high = JOB_DEVELOPMENT_FROM
    job_development = calendar(high) if first_face_to_face is None else first_face_to_face
    job_development = min(max(job_development, calendar(low)), calendar(high))
    # A job (a work trial too) or an education that has started moves the pathway on to
    # work, as job_add and education_add do (los/pathways/services.py).
    starts = [j.start for j in told.jobs] + [
        e.start for e in told.educations if e.status != "planned"
    ]
    working = min(starts) if starts else None
    return {
        "job_development": job_development,
        "working": working,
        "follow_along": working + _days(FOLLOW_ALONG_AFTER) if working else None,
        "downsizing": working + _days(DOWNSIZING_AFTER)
        if working and u(case.key, Draw.DOWNSIZING) < DOWNSIZING_SHARE
        else None,
        "engaging": start,
    }


def _stages(layout: Layout, referral, start, end, phase_days, last=None):
    """(index in the layout, from) for each stage the enrolment has been at, in order. A
    stage's day is held at or after the one before (a job held before the start puts the
    enrolment in work once job development has begun)."""
    entries = []
    previous = None
    for index, (phase, rank) in enumerate(layout):
        if phase == "referred":
            day = referral if rank == 0 else None
        elif phase == "ended":
            day = end if rank == 0 else None
        elif start is None or phase not in phase_days:
            day = None
        elif phase == "engaging":
            day = start + _days(ENGAGING_STEP * rank)
        else:
            day = phase_days[phase] if rank == 0 else None
        if day is None or (phase != "ended" and last is not None and day > last):
            continue
        if previous is not None and day < previous:
            day = previous
        entries.append((index, day))
        previous = day
    return entries


def _answers(case, programme, last, calendar) -> list[Answer]:
    if not case.has_therapist:
        return []
    key = case.key
    plans = []
    if programme == "sfj":
        plans = [(code, MEASURES[code].every_days) for code in SFJ_MEASURES]
    else:
        if u(key, Draw.MEASURE_WHO5) < OTHER_MEASURE_SHARE["who-5"]:
            plans.append(("who-5", MEASURES["who-5"].every_days))
        if u(key, Draw.MEASURE_PHQ9) < OTHER_MEASURE_SHARE["phq-9"]:
            plans.append(("phq-9", OTHER_PHQ9_EVERY))
    answers = []
    for code, every in plans:
        for index in range(MAX_ANSWERS):
            day = calendar(FIRST_ANSWER_AFTER + every * index)
            if day > last:
                break
            answers.append(Answer(code, every, index, day, distress(key, code, index)))
    return answers


def distress(key: int, code: str, index: int) -> int:
    """The drawn distress at the index-th answer, before it is held inside the scale."""
    measure, slot = MEASURES[code], MEASURE_INDEX[code]
    baseline = measure.baseline.pick(u(key, _indexed(Draw.ANSWER_BASELINE, slot)))
    course = choose(COURSES, u(key, _indexed(Draw.ANSWER_COURSE, slot)))
    low, width = COURSE_TARGET[course]
    target = math.floor(baseline * (low + width * u(key, _indexed(Draw.ANSWER_TARGET, slot))))
    step = min(index, COURSE_ANSWERS)
    value = baseline + _truncated((target - baseline) * step, COURSE_ANSWERS)
    if index > 0:
        noise_draw = u(key, _indexed(Draw.ANSWER_NOISE, 10 * slot + index))
        value += math.floor(noise_draw * NOISE) - NOISE // 2
    return value


def _truncated(numerator: int, denominator: int) -> int:
    """Integer division towards zero, as SQL divides integers."""
    quotient = abs(numerator) // denominator
    return quotient if numerator >= 0 else -quotient


def next_case(case: Case, told: Story) -> Case | None:
    """The case of the participant's next enrolment at the service, when they come back
    after this one ended: its key is this key + 1 (keys are even for first enrolments)."""
    if told.end_date is None or u(case.key, Draw.SECOND_ENROLMENT) >= SECOND_ENROLMENT_SHARE:
        return None
    referral_from = told.end_date + _days(SECOND_ENROLMENT_AFTER)
    if referral_from > case.today:
        return None
    return dataclasses.replace(case, key=case.key + 1, referral_from=referral_from)


# --- Answers that score as drawn -----------------------------------------------------------


@dataclass(frozen=True)
class Fillable:
    """How the seeder fills in an instrument: the items carrying the score, each with the
    option code for every scored weight 0…top, and the other items (a safety item, as PHQ-9
    item 9) answered with their lowest option. The seeded answers never raise a safety task:
    that is a workflow with a person in it, not data to report on."""

    scored: tuple[tuple[str, tuple[str, ...]], ...]  # (linkId, code by weight)
    lowest: tuple[tuple[str, str], ...]  # (linkId, code)

    @property
    def top(self) -> int:
        return sum(len(codes) - 1 for _link_id, codes in self.scored)


def fillable(scale: Scale) -> Fillable:
    """The instrument's items as the seeder fills them; ValueError for a scale it cannot
    fill so that the answers score as drawn (not summed, or weights other than 0…n)."""
    if scale.method != "sum":
        raise ValueError(f"{scale.code}: bare summerte skalaer kan fylles ut")
    scored, lowest, tops = [], [], set()
    for item in scale.items:
        by_weight = {item.weight_of(o.code): o.code for o in item.options}
        if item.safety:
            lowest.append((item.link_id, by_weight[min(by_weight)]))
            continue
        weights = sorted(by_weight)
        if weights != [Decimal(w) for w in range(len(weights))]:
            raise ValueError(f"{scale.code}: spørsmål {item.link_id} har ikke vektene 0…n")
        scored.append((item.link_id, tuple(by_weight[w] for w in weights)))
        tops.add(len(weights))
    if len(tops) != 1:
        raise ValueError(f"{scale.code}: spørsmålene har ulikt antall svaralternativer")
    return Fillable(tuple(scored), tuple(lowest))


def raw_score(fill: Fillable, code: str, drawn: int) -> int:
    """The raw score of a drawn distress, held inside the scale."""
    held = max(0, min(fill.top, drawn))
    return fill.top - held if MEASURES[code].high_is_well else held


def answers_for(fill: Fillable, raw: int, rotation: int) -> dict[str, str]:
    """Answers summing to `raw`: item p (of n) gets ⌊(raw + (p + rotation) mod n) / n⌋, and
    these n parts always sum to raw (Hermite's identity), each at most the item's top."""
    n = len(fill.scored)
    answers = {
        link_id: codes[(raw + (position + rotation) % n) // n]
        for position, (link_id, codes) in enumerate(fill.scored)
    }
    answers.update(fill.lowest)
    return answers
