"""Demo agreements in Nordland: Salten's agreement between NAV Bodø, Salten DPS and Bodø
municipality, due for review in ten days and with its last follow-up meeting 14 months ago
(both flags), and the IPS agreement for Salten followed up last month. Loaded after the
directory (its offers); idempotent."""

from __future__ import annotations

import datetime

from los.agreements.models import Agreement, FollowUpMeeting
from los.directory.models import Offer


def load_demo_agreements(*, users, organisations, today: datetime.date) -> None:
    if Agreement.objects.exists():
        return
    nav, dps = organisations["NAV Bodø"], organisations["Salten DPS"]
    municipality = organisations["Bodø kommune, psykisk helse og rus"]
    coordinator = users["fylke"]
    salten = Agreement.objects.create(
        county=nav.county,
        title="Samarbeidsavtale om arbeid og psykisk helse i Salten",
        purpose=(
            "At flere med psykiske helseplager får og beholder vanlig arbeid, med behandling "
            "og arbeidsrettet oppfølging samtidig."
        ),
        challenges="Lang ventetid til DPS for sykmeldte. Lite kjennskap til IPS i kommunen.",
        goals="Ventetid under fire uker for sykmeldte. Felles opplæring i IPS for alle tre.",
        routines="Felles møte hvert kvartal. Kontaktpersonene svarer innen to arbeidsdager.",
        contacts=(
            "Kari Nordmann, NAV Bodø, 75 00 00 01\n"
            "Lise Behandler, Salten DPS, 75 00 00 02\n"
            "Per Hansen, Bodø kommune, 75 00 00 03"
        ),
        user_representatives="Anne Berg, Mental Helse Nordland",
        starts_on=today - datetime.timedelta(days=3 * 365),
        review_on=today + datetime.timedelta(days=10),
        created_by=coordinator,
    )
    salten.parties.set([nav, dps, municipality])
    salten.offers.set(
        Offer.objects.filter(organisation__in=[nav, dps, municipality], kind__in=["ips", "rask"])
    )
    FollowUpMeeting.objects.create(
        agreement=salten,
        held_on=today - datetime.timedelta(days=425),
        minutes="Gikk gjennom ventetidene. DPS ser på egen inngang for sykmeldte.",
        written_by=coordinator,
    )
    ips = Agreement.objects.create(
        county=nav.county,
        title="IPS i Salten: NAV Bodø og Salten DPS",
        purpose="Jobbspesialister fra NAV Bodø i behandlingsteamene ved Salten DPS.",
        routines="Jobbspesialisten er med på teammøtet hver uke.",
        contacts="Jobbspesialist, NAV Bodø\nEnhetsleder, Salten DPS",
        starts_on=today - datetime.timedelta(days=400),
        review_on=today + datetime.timedelta(days=300),
        created_by=coordinator,
    )
    ips.parties.set([nav, dps])
    ips.offers.set(Offer.objects.filter(organisation=nav, kind="ips"))
    FollowUpMeeting.objects.create(
        agreement=ips,
        held_on=today - datetime.timedelta(days=30),
        minutes="Trofasthetsmålingen er gjennomgått. Ny jobbspesialist fra januar.",
        written_by=users["veileder"],
    )
