"""The demo's service directory: every kind of offer in Nordland (Bodø, Rana and Narvik, the
municipalities of the demo's sample), enough accepted referrals to IPS in Bodø for its
waiting time to show, one referral waiting for an answer (overdue) and one accepted.

Written through the models, once: a second load finds the directory there and adds
nothing. The demo's descriptions are invented for the demo; the kinds are described in
los/directory/kinds.py (sources in docs/service-directory.md)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from los.core.vocabulary import Category, OrganisationKind, Role
from los.directory.models import Offer, Referral, ReferralState
from los.organisations.models import Municipality, Organisation
from los.participants.models import CareTeamMembership

H, P, E, N = Category.HEALTH_SUMMARY, Category.PLAN, Category.EMPLOYMENT, Category.NAV_CASE_NOTES
# (organisation, kind, name, target group, how to get in touch, routes, municipalities,
#  capacity, open, what it reads)
OFFERS = [
    ("NAV Bodø", "ips", "IPS Bodø – jobb med støtte mens du får behandling",
     "Voksne som får behandling i Salten DPS eller kommunen og som vil ha en vanlig jobb.",
     "Snakk med NAV-veilederen eller behandleren din, som henviser.",
     ["nav", "health"], ["1804"], 60, True, [H, P, E]),
    ("NAV Bodø", "ips_ung", "IPS-ung Bodø",
     "Unge 16–30 år som vil i jobb eller fullføre skole eller studier.",
     "Snakk med NAV-veilederen, behandleren eller rådgiveren på skolen.",
     ["nav", "health", "school"], ["1804"], 25, True, [H, P, E]),
    ("NAV Rana", "ips", "IPS Rana",
     "Voksne med psykiske helseplager som vil ha en vanlig jobb.",
     "NAV-veilederen eller behandleren henviser.",
     ["nav", "health"], ["1833"], 40, True, [H, P, E]),
    ("Salten Arbeid AS", "ams", "Arbeid med støtte Salten",
     "Deg som trenger tett oppfølging for å få og beholde en jobb.",
     "NAV-veilederen søker deg inn på tiltaket.",
     ["nav"], ["1804", "1806"], 30, True, [P, E]),
    ("NAV Arbeid og helse Nord", "sfj", "Senter for jobbmestring Nordland",
     "Deg med lett eller moderat angst eller depresjon som står i fare for å falle ut av "
     "jobb, eller vil tilbake.",
     "Ring oss, eller be NAV-veilederen eller fastlegen henvise deg.",
     ["self", "nav", "gp"], ["1804", "1833", "1806"], 50, True, [H, E]),
    ("Salten DPS", "raskere_tilbake", "Raskere tilbake: poliklinikk for sykmeldte",
     "Deg som er sykmeldt med angst, depresjon eller stress og vil tilbake i jobben din.",
     "Fastlegen eller NAV-veilederen henviser.",
     ["gp", "nav"], ["1804", "1806"], 30, True, [H, E]),
    ("NAV Arbeid og helse Nord", "ark", "Arbeidsrådgivning Nordland",
     "Deg som har psykiske helseplager og trenger å finne ut hva slags arbeid som passer.",
     "NAV-veilederen henviser.",
     ["nav"], ["1804", "1833", "1806"], None, True, [H, E]),
    ("NAV Arbeid og helse Nord", "rol", "Rådgivende leger i Nordland",
     "NAV-kontorene og legene i Nordland, i saker om arbeid og helse.",
     "NAV-kontoret ber om en drøfting.",
     ["nav"], ["1804", "1833", "1806"], None, True, []),
    ("Bodø kommune, psykisk helse og rus", "rask", "Rask psykisk helsehjelp Bodø",
     "Deg over 18 år med lett til moderat angst eller depresjon. Gratis.",
     "Ring oss selv, du trenger ikke henvisning.",
     ["self", "gp"], ["1804"], None, True, [P, H]),
    ("Bodø kommune, psykisk helse og rus", "kid", "KID-kurs: mestring av depresjon",
     "Voksne med depresjon eller nedstemthet. Åtte kvelder i gruppe.",
     "Meld deg på selv, eller spør fastlegen.",
     ["self", "gp"], ["1804"], 12, True, []),
    ("Bodø kommune, psykisk helse og rus", "lavterskel", "Kurs i å mestre hverdagen",
     "Deg som vil komme i gang igjen etter en tung periode.",
     "Meld deg på selv.",
     ["self"], ["1804"], 15, True, []),
    ("Nord universitet", "sms", "Studier med støtte ved Nord universitet",
     "Studenter med psykiske helseplager som vil fullføre studiene.",
     "Ta kontakt selv, eller spør behandleren din.",
     ["self", "health", "school"], ["1804"], 20, True, [P]),
    ("Fontenehuset Bodø", "fontenehus", "Fontenehuset Bodø",
     "Voksne med psykiske helseplager som vil ha en meningsfull hverdag og komme i arbeid.",
     "Kom innom eller ring. Medlemskap er gratis.",
     ["self"], ["1804"], None, True, []),
    ("Grønn Vekst Salten", "gront_arbeid", "Grønt arbeid på Saltstraumen gård",
     "Deg med psykiske helseplager, også med rusproblemer, som vil prøve arbeid ute.",
     "NAV-veilederen henviser.",
     ["nav"], ["1804"], 8, False, [P, E]),
    ("NAV Arbeid og helse Nord", "brukererfaring", "Opplæring: medarbeider med brukererfaring",
     "Deg med egen erfaring med psykiske helseplager som vil jobbe i tjenestene.",
     "Søk opplæringen, eller spør NAV-veilederen.",
     ["self", "nav"], ["1804", "1833", "1806"], 16, True, []),
    ("NAV Arbeid og helse Nord", "sees_i_morgen", "«Sees i morgen!» for ledere i Nordland",
     "Ledere, tillitsvalgte og verneombud som vil vite mer om psykisk helse på jobben.",
     "Arbeidsgiveren melder på.",
     ["employer"], ["1804", "1833", "1806"], 30, True, []),
    ("NAV Arbeid og helse Nord", "arbeidsgiverlos", "Arbeidsgiverlos i Nordland",
     "Arbeidsgivere som har en ansatt med psykiske helseplager, eller vil ansette en.",
     "Arbeidsgiveren ringer oss.",
     ["employer"], ["1804", "1833", "1806"], None, True, []),
]  # fmt: skip
NEW_PROVIDERS = ["Fontenehuset Bodø", "Grønn Vekst Salten"]
# Days from referral to start; with Sara's 15 the median of the seven is 15.
IPS_WAITS = [9, 14, 21, 12, 30, 18]


def demo_directory_loaded() -> bool:
    return Offer.objects.filter(name=OFFERS[0][2]).exists()


def load_demo_directory(*, users, organisations, sara, jonas, today: datetime.date) -> int:
    """Add the directory and its referrals once; returns how many offers were added."""
    if demo_directory_loaded():
        return 0
    from los.demo.county import _free_orgnr

    rng = random.Random(1414)  # noqa: S311 (synthetic data, not secrets)
    numbers = ["1804", "1806", "1833"]
    municipalities = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
    bodo = municipalities["1804"]
    places = dict(organisations)
    for name in NEW_PROVIDERS:
        places[name] = Organisation.objects.create(
            name=name,
            kind=OrganisationKind.PROVIDER,
            orgnr=_free_orgnr(rng),
            municipality=bodo,
            county=bodo.county,
        )
    for name in ["NAV Rana"]:
        if name not in places:
            places[name] = Organisation.objects.filter(name=name).order_by("pk").first()
    offers = {}
    for org, kind, name, target, how, routes, numbers, capacity, is_open, reads in OFFERS:
        if places.get(org) is None:
            continue
        offer = Offer.objects.create(
            organisation=places[org],
            kind=kind,
            name=name,
            target_group=target,
            how_to_refer=how,
            routes=routes,
            phone=f"75 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            web="https://www.nav.no/psykiskhelse",
            capacity=capacity,
            is_open=is_open,
            reads=[c.value for c in reads],
        )
        offer.municipalities.set([municipalities[n] for n in numbers if n in municipalities])
        offers[kind if kind not in offers else f"{kind}-{org}"] = offer
    _referrals(users, organisations, offers, sara, jonas, today)
    return len(offers)


def _at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _referrals(users, organisations, offers, sara, jonas, today):
    veileder, behandler = users["veileder"], users["behandler"]
    nav, dps = organisations["NAV Bodø"], organisations["Salten DPS"]
    # Jonas waits: referred to Rask psykisk helsehjelp 16 days ago, not answered (flagged).
    Referral.objects.create(
        participant=jonas,
        offer=offers["rask"],
        sent_by=veileder,
        sent_by_role=Role.COUNSELLOR,
        sent_by_organisation=nav,
        sent_at=_at(today - datetime.timedelta(days=16)),
        reason="Jonas har hatt mer angst de siste ukene og ønsker samtaler i tillegg til "
        "behandlingen. Han vil helst ha time på ettermiddagen.",
        categories=list(offers["rask"].reads),
    )
    # Sara was referred to IPS by her therapist and taken in.
    sent = today - datetime.timedelta(days=75)
    Referral.objects.create(
        participant=sara,
        offer=offers["ips"],
        sent_by=behandler,
        sent_by_role=Role.THERAPIST,
        sent_by_organisation=dps,
        sent_at=_at(sent),
        reason="Sara ønsker seg tilbake i jobb i butikk.",
        categories=list(offers["ips"].reads),
        state=ReferralState.ACCEPTED,
        answered_at=_at(sent + datetime.timedelta(days=5)),
        answered_by=users["jobbspesialist"],
        start_date=sent + datetime.timedelta(days=15),
    )
    # Six synthetic participants of NAV Bodø, referred and taken in over the last months:
    # IPS Bodø's waiting time (at least five behind it) shows on the public page.
    memberships = (
        CareTeamMembership.objects.filter(organisation=nav, role=Role.COUNSELLOR)
        .exclude(participant__in=[sara, jonas])
        .exclude(participant__user__isnull=False)
        .select_related("user")
        .order_by("pk")[: len(IPS_WAITS)]
    )
    for number, (membership, waited) in enumerate(zip(memberships, IPS_WAITS, strict=False)):
        start = today - datetime.timedelta(days=20 + 30 * number)
        sent = start - datetime.timedelta(days=waited)
        Referral.objects.create(
            participant_id=membership.participant_id,
            offer=offers["ips"],
            sent_by=membership.user,
            sent_by_role=Role.COUNSELLOR,
            sent_by_organisation=nav,
            sent_at=_at(sent),
            reason="Ønsker ordinært arbeid.",
            categories=list(offers["ips"].reads),
            state=ReferralState.ACCEPTED,
            answered_at=_at(sent + datetime.timedelta(days=3)),
            start_date=start,
        )


__all__ = ["load_demo_directory"]
