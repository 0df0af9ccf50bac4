"""Realistic synthetic data at scale: organisations in every county, staff in every role,
and participants with care teams and consents. Used for load testing and benchmarks.

Each municipality has a NAV office, a DPS, a municipal mental-health service, GP practices,
employers and a provider (tiltaksarrangør). Job specialists work at all three kinds of
service that run work pathways (NAV offices, DPS, providers: see los/demo/pathway_story.py),
and a participant's team is drawn from the staff of their own municipality (else county),
as services are local: a county's figures are then about that county's people.

Everything is generated in memory in batches and written with bulk_create, so 100 000
participants take a few minutes on PostgreSQL. National identity numbers are synthetic
(month + 80) and unique; names come from Faker's Norwegian (no_NO) lists.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from los.accounts.models import StaffRole, User
from los.core import crypto
from los.core.identifiers import gender_from_national_id, synthetic_national_id, synthetic_orgnr
from los.core.vocabulary import (
    CONSENTABLE_CATEGORIES,
    Category,
    ConsentMethod,
    OrganisationKind,
    ProtectedAddress,
    Role,
)
from los.organisations.klass import import_municipalities
from los.organisations.management.commands.import_municipalities import SAMPLE
from los.organisations.models import Municipality, Organisation
from los.participants.models import CareTeamMembership, Consent, Participant

BATCH = 5000
# Caseload sizes that roughly match practice: one counsellor follows ~60 people, one job
# specialist ~20 (the IPS fidelity anchor), one therapist ~40, a GP practice has many.
PARTICIPANTS_PER = {
    Role.COUNSELLOR: 60,
    Role.JOB_SPECIALIST: 20,
    Role.THERAPIST: 40,
    Role.PILOT: 50,
    Role.GP: 150,
}
# Where each role works, in turn: three of five job specialists at a NAV office, one at a
# DPS, one at a provider.
ROLE_ORGANISATION_KINDS = {
    Role.COUNSELLOR: (OrganisationKind.NAV_OFFICE,),
    Role.JOB_SPECIALIST: (
        OrganisationKind.NAV_OFFICE,
        OrganisationKind.NAV_OFFICE,
        OrganisationKind.NAV_OFFICE,
        OrganisationKind.HEALTH_TRUST,
        OrganisationKind.PROVIDER,
    ),
    Role.THERAPIST: (OrganisationKind.HEALTH_TRUST,),
    Role.PILOT: (OrganisationKind.MUNICIPAL_MENTAL_HEALTH,),
    Role.GP: (OrganisationKind.GP_PRACTICE,),
}


@dataclass
class SeedResult:
    organisations: int = 0
    staff: int = 0
    participants: int = 0
    memberships: int = 0
    consents: int = 0
    seconds: float = 0.0


class _Names:
    """Faker is slow per call; draw pools of names once and pick from them."""

    def __init__(self, rng: random.Random):
        fake = Faker("no_NO")
        fake.seed_instance(rng.randint(0, 2**31))
        self.first = [fake.first_name() for _ in range(400)]
        self.last = [fake.last_name() for _ in range(400)]
        self.companies = [fake.company() for _ in range(400)]
        self.rng = rng

    def person(self) -> tuple[str, str]:
        return self.rng.choice(self.first), self.rng.choice(self.last)


def seed(
    *, participants: int, rng_seed: int = 1, progress: Callable[[str], None] = lambda _m: None
) -> SeedResult:
    started = time.monotonic()
    rng = random.Random(rng_seed)
    names = _Names(rng)
    result = SeedResult()
    if not Municipality.objects.exists():
        import_municipalities(SAMPLE.read_text(encoding="utf-8"))
    municipalities = list(Municipality.objects.select_related("county"))
    # Staff e-mails must be unique across runs, also two runs in the same second.
    run = uuid.uuid4().hex[:10]

    with transaction.atomic():
        organisations = _organisations(rng, names, municipalities, participants)
        result.organisations = sum(len(v) for v in organisations.values())
        progress(f"{result.organisations} organisasjoner")
        staff = _staff(rng, names, organisations, participants, run)
        result.staff = sum(len(v) for v in staff.values())
        progress(f"{result.staff} ansatte")

    existing_digests = set(Participant.objects.values_list("national_id_digest", flat=True))
    today = timezone.localdate()
    recorder = next(iter(staff[Role.COUNSELLOR]))[0]
    local = _Local(staff)
    for offset in range(0, participants, BATCH):
        size = min(BATCH, participants - offset)
        with transaction.atomic():
            batch = _participants(rng, names, municipalities, size, existing_digests)
            Participant.objects.bulk_create(batch, batch_size=BATCH)
            memberships, consents = _teams(rng, batch, local, today, recorder)
            CareTeamMembership.objects.bulk_create(memberships, batch_size=BATCH)
            Consent.objects.bulk_create(consents, batch_size=BATCH)
        result.participants += size
        result.memberships += len(memberships)
        result.consents += len(consents)
        progress(
            f"{result.participants}/{participants} deltakere ({time.monotonic() - started:.0f} s)"
        )
    result.seconds = time.monotonic() - started
    return result


def _organisations(rng, names, municipalities, participants):
    scale = max(1, participants // 1000)
    by_kind: dict[OrganisationKind, list[Organisation]] = {}
    new = []
    for municipality in municipalities:
        for kind, label in [
            (OrganisationKind.NAV_OFFICE, f"NAV {municipality.name}"),
            (
                OrganisationKind.MUNICIPAL_MENTAL_HEALTH,
                f"{municipality.name} kommune, psykisk helse",
            ),
        ]:
            new.append(_organisation(rng, label, kind, municipality))
        new.append(
            _organisation(
                rng, f"{municipality.name} DPS", OrganisationKind.HEALTH_TRUST, municipality
            )
        )
        new.append(
            _organisation(
                rng,
                f"{municipality.name} Arbeid og inkludering AS",
                OrganisationKind.PROVIDER,
                municipality,
            )
        )
        for number in range(scale):
            new.append(
                _organisation(
                    rng,
                    f"{municipality.name} legesenter {number + 1}",
                    OrganisationKind.GP_PRACTICE,
                    municipality,
                )
            )
        for _ in range(scale):
            new.append(
                _organisation(
                    rng, rng.choice(names.companies), OrganisationKind.EMPLOYER, municipality
                )
            )
    used = set(Organisation.objects.values_list("orgnr", flat=True))
    unique = []
    for organisation in new:
        while organisation.orgnr in used:
            organisation.orgnr = synthetic_orgnr(rng)
        used.add(organisation.orgnr)
        unique.append(organisation)
    Organisation.objects.bulk_create(unique, batch_size=BATCH)
    for organisation in unique:
        by_kind.setdefault(OrganisationKind(organisation.kind), []).append(organisation)
    return by_kind


def _organisation(rng, name, kind, municipality):
    return Organisation(
        name=name[:200],
        kind=kind,
        orgnr=synthetic_orgnr(rng),
        municipality=municipality,
        county=municipality.county,
    )


def _staff(rng, names, organisations, participants, run):
    """Staff per role in proportion to the number of participants. Returns, per role, a
    list of (user, organisation) pairs."""
    password = make_password(None)  # unusable: seeded staff cannot log in
    users, roles, pairs = [], [], {}
    for role, per in PARTICIPANTS_PER.items():
        count = max(1, participants // per)
        kinds = ROLE_ORGANISATION_KINDS[role]
        for number in range(count):
            places = organisations[kinds[number % len(kinds)]]
            first, last = names.person()
            user = User(
                email=f"{role.value}.{number}.{run}@seed.los.invalid",
                first_name=first,
                last_name=last,
                password=password,
            )
            organisation = places[number // len(kinds) % len(places)]
            users.append(user)
            roles.append((user, organisation, role))
    User.objects.bulk_create(users, batch_size=BATCH)
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, organisation=org, role=role) for user, org, role in roles],
        batch_size=BATCH,
    )
    for user, organisation, role in roles:
        pairs.setdefault(role, []).append((user, organisation))
    return pairs


def _participants(rng, names, municipalities, size, existing_digests):
    batch = []
    today = datetime.date.today()
    while len(batch) < size:
        age_days = rng.randint(18 * 365, 64 * 365)
        birth_date = today - datetime.timedelta(days=age_days)
        number = synthetic_national_id(birth_date, rng)
        digest = crypto.lookup_digest(number)
        if digest in existing_digests:
            continue
        existing_digests.add(digest)
        first, last = names.person()
        protected = rng.random()
        participant = Participant(
            first_name=first,
            last_name=last,
            birth_date=birth_date,
            national_id_encrypted=crypto.encrypt(number),
            national_id_digest=digest,
            national_id_kind="fnr",
            gender=gender_from_national_id(number),
            phone=f"{rng.choice('49')}{rng.randint(1000000, 9999999)}",
            municipality=rng.choice(municipalities),
            protected_address=(
                ProtectedAddress.STRICTLY_CONFIDENTIAL
                if protected < 0.001
                else ProtectedAddress.CONFIDENTIAL
                if protected < 0.005
                else ProtectedAddress.NONE
            ),
        )
        batch.append(participant)
    return batch


class _Local:
    """Staff in a role, by municipality and by county: a participant's team is drawn from
    their own municipality, else their county, else anywhere (a small seed has few staff)."""

    def __init__(self, staff):
        self.everywhere = staff
        self.municipality, self.county = {}, {}
        for role, pairs in staff.items():
            for user, organisation in pairs:
                by_municipality = self.municipality.setdefault(role, {})
                by_municipality.setdefault(organisation.municipality_id, []).append(
                    (user, organisation)
                )
                by_county = self.county.setdefault(role, {})
                by_county.setdefault(organisation.county_id, []).append((user, organisation))

    def near(self, role, participant):
        return (
            self.municipality[role].get(participant.municipality_id)
            or self.county[role].get(participant.municipality.county_id)
            or self.everywhere[role]
        )


def _teams(rng, batch, local: _Local, today, recorder):
    memberships, consents = [], []
    for participant in batch:
        start = today - datetime.timedelta(days=rng.randint(0, 900))
        team_roles = [Role.COUNSELLOR, Role.GP]
        if rng.random() < 0.6:
            team_roles.append(Role.THERAPIST)
        if rng.random() < 0.4:
            team_roles.append(Role.JOB_SPECIALIST)
        if rng.random() < 0.3:
            team_roles.append(Role.PILOT)
        for role in team_roles:
            user, organisation = rng.choice(local.near(role, participant))
            ended = rng.random() < 0.1
            memberships.append(
                CareTeamMembership(
                    participant=participant,
                    user=user,
                    organisation=organisation,
                    role=role,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(30, 300))
                    if ended
                    else None,
                    added_by=user,
                )
            )
            if role == Role.JOB_SPECIALIST and organisation.kind == OrganisationKind.HEALTH_TRUST:
                # A job specialist at a DPS runs the pathway with the participant's consent:
                # work and education is NAV's and the providers' information.
                consents.append(
                    Consent(
                        participant=participant,
                        organisation=organisation,
                        category=Category.EMPLOYMENT,
                        purpose="Jobbspesialisten ved DPS følger opp arbeid og utdanning",
                        valid_from=start,
                        valid_to=None,
                        method=ConsentMethod.WRITTEN,
                        recorded_by=recorder,
                    )
                )
            if role != Role.COUNSELLOR and rng.random() < 0.5:
                consents.append(
                    Consent(
                        participant=participant,
                        organisation=organisation,
                        category=rng.choice(CONSENTABLE_CATEGORIES),
                        purpose="Samarbeid om arbeidsrettet oppfølging",
                        valid_from=start,
                        valid_to=None,
                        method=ConsentMethod.WRITTEN,
                        recorded_by=recorder,
                    )
                )
    return memberships, consents
