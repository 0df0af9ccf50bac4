"""The fidelity scales Los ships: IPS-25 and IPS-Y, with item names and short summaries in
Los's own words. The manuals are copyrighted, so the anchors per rating are left for a
service to fill in from its own licensed copy; the admin edits them.

Installed by a migration, and again by tests that start from an emptied database."""

STAFFING, ORGANISATION, SERVICES, EDUCATION = "Bemanning", "Organisering", "Tjenester", "Utdanning"

IPS_BANDS = [
    {"low": 115, "high": 125, "label": "eksemplarisk IPS"},
    {"low": 100, "high": 114, "label": "god IPS"},
    {"low": 74, "high": 99, "label": "middels IPS"},
    {"low": 25, "high": 73, "label": "ikke IPS"},
]

# (section, name, summary, data key)
IPS_25_ITEMS = [
    (STAFFING, "Antall deltakere per jobbspesialist",
     "Hver jobbspesialist følger høyst 20 deltakere.", "caseload"),
    (STAFFING, "Jobbspesialister med bare arbeidsrettet oppfølging",
     "Jobbspesialistene har ikke andre oppgaver enn jobbstøtte.", ""),
    (STAFFING, "Jobbspesialisten følger hele løpet",
     "Samme jobbspesialist følger deltakeren fra kartlegging til oppfølging i jobb.", ""),
    (ORGANISATION, "Integrert i behandlingsteamet",
     "Jobbspesialisten hører til ett eller to behandlingsteam.", ""),
    (ORGANISATION, "Hyppig kontakt med behandlingsteamet",
     "Jobbspesialisten er med på teammøtene og deler ansvar for deltakerne.", ""),
    (ORGANISATION, "Samarbeid med NAV-veilederne",
     "Jevnlig kontakt med NAV-veilederne om felles deltakere.", ""),
    (ORGANISATION, "Egen IPS-enhet",
     "Jobbspesialistene møtes jevnlig og dekker for hverandre.", ""),
    (ORGANISATION, "Metodeveilederens rolle",
     "En metodeveileder leder enheten og veileder jobbspesialistene i praksis.", ""),
    (ORGANISATION, "Ingen utelukkes",
     "Alle som ønsker ordinært arbeid, får tilbudet uten forhåndskrav.", ""),
    (ORGANISATION, "Tjenesten satser på ordinært arbeid",
     "Hele tjenesten spør etter og fremmer ordinært arbeid.", ""),
    (ORGANISATION, "Ledelsen støtter IPS",
     "Ledelsen kjenner modellen, følger resultatene og fjerner hindre.", ""),
    (SERVICES, "Veiledning om ytelser og økonomi",
     "Deltakeren får vite hvordan arbeid påvirker ytelser og økonomi, før jobbstart.", ""),
    (SERVICES, "Åpenhet",
     "Jobbspesialisten og deltakeren snakker om hva som skal deles med arbeidsgiver.", ""),
    (SERVICES, "Løpende kartlegging gjennom arbeid",
     "Kartleggingen fortsetter med erfaringene fra jobbene.", ""),
    (SERVICES, "Rask jobbsøking",
     "Første kontakt med en arbeidsgiver skjer innen 30 dager.", "first_contact"),
    (SERVICES, "Jobbsøking etter deltakerens ønsker",
     "Jobbene som søkes, passer deltakerens ønsker, styrker og erfaring.", ""),
    (SERVICES, "Jobbutvikling – hyppig arbeidsgiverkontakt",
     "Minst seks arbeidsgiverkontakter ansikt til ansikt per jobbspesialist per uke.",
     "employer_contacts"),
    (SERVICES, "Jobbutvikling – kvalitet i arbeidsgiverkontakten",
     "Kontakten bygger relasjoner og finner arbeid som passer deltakeren.", ""),
    (SERVICES, "Ulike typer jobber",
     "Deltakerne får mange ulike slags jobber.", "job_types"),
    (SERVICES, "Ulike arbeidsgivere",
     "Deltakerne jobber hos mange ulike arbeidsgivere.", "employers"),
    (SERVICES, "Konkurranseutsatte jobber",
     "Jobbene er ordinære: åpne for alle, med ordinær lønn, ikke tiltaksplasser.",
     "competitive"),
    (SERVICES, "Individuell oppfølging i jobb",
     "Støtten i jobb er tilpasset deltakeren og arbeidsgiveren.", ""),
    (SERVICES, "Oppfølging i jobb uten tidsbegrensning",
     "Støtten varer så lenge deltakeren trenger den, også etter et år.", "time_unlimited"),
    (SERVICES, "Tjenester ute i nærmiljøet",
     "Jobbspesialisten arbeider mest ute, der deltakerne og arbeidsgiverne er.", "community"),
    (SERVICES, "Aktiv oppsøking",
     "Når kontakten glipper, tar jobbspesialisten kontakt igjen, mange ganger om nødvendig.",
     ""),
]  # fmt: skip

# IPS-Y: the employment items above for young people, and ten on education. The division
# into subscales is Los's reading of the scale's structure and can be changed in the admin.
IPS_Y_EDUCATION_ITEMS = [
    (EDUCATION, "Kompetanse på utdanning",
     "Jobbspesialisten kjenner utdanningssystemet og mulighetene der.", ""),
    (EDUCATION, "Samarbeid med skoler og lærested",
     "Jevnlig kontakt med rådgivere og lærere, med deltakerens samtykke.", ""),
    (EDUCATION, "Rask start i utdanning",
     "Når målet er utdanning, starter arbeidet med opptak straks.", ""),
    (EDUCATION, "Utdanning etter deltakerens ønsker",
     "Utdanningsmålet er deltakerens eget.", ""),
    (EDUCATION, "Støtte til søknad og opptak",
     "Hjelp med søknader, frister og dokumentasjon.", ""),
    (EDUCATION, "Tilrettelegging i utdanningen",
     "Tilrettelegging avtales med lærestedet når deltakeren ønsker det.", ""),
    (EDUCATION, "Økonomi under utdanning",
     "Veiledning om studiefinansiering og ytelser under utdanning.", ""),
    (EDUCATION, "Oppfølging i utdanning uten tidsbegrensning",
     "Støtten varer så lenge deltakeren trenger den i utdanningen.", ""),
    (EDUCATION, "Overganger mellom utdanning og arbeid",
     "Støtten følger deltakeren fra skole til jobb og tilbake.", ""),
    (EDUCATION, "Familie og nettverk",
     "Familie og nettverk tas med når deltakeren ønsker det.", ""),
]  # fmt: skip

IPS_Y_BANDS = [  # the IPS-25 cut-offs scaled to 35 items, until a service enters its own
    {"low": 161, "high": 175, "label": "eksemplarisk IPS"},
    {"low": 140, "high": 160, "label": "god IPS"},
    {"low": 104, "high": 139, "label": "middels IPS"},
    {"low": 35, "high": 103, "label": "ikke IPS"},
]

SCALES = [
    {
        "code": "ips-25",
        "name": "IPS-25",
        "description": "Troskapsskalaen for individuell jobbstøtte: 25 punkter, hvert 1–5.",
        "copyright": "Navn og korte beskrivelser er Los' egne. Forankringene står i "
        "IPS-manualen, som tjenesten må ha lisens til.",
        "bands": IPS_BANDS,
        "subscales": [],
        "items": [(*item, []) for item in IPS_25_ITEMS],
    },
    {
        "code": "ips-y",
        "name": "IPS-Y (ungdom)",
        "description": "Troskapsskalaen for IPS for unge: 35 punkter med delskalaer for arbeid "
        "og utdanning.",
        "copyright": "Navn, korte beskrivelser og inndeling er Los' egne og skal kontrolleres "
        "mot IPS-Y-manualen. Skåregrensene er IPS-25-grensene skalert til 35 punkter.",
        "bands": IPS_Y_BANDS,
        "subscales": [
            {"code": "employment", "name": "arbeid"},
            {"code": "education", "name": "utdanning"},
        ],
        "items": [
            *[(*item, ["employment"]) for item in IPS_25_ITEMS],
            *[(*item, ["education"]) for item in IPS_Y_EDUCATION_ITEMS],
        ],
    },
]


def install_fidelity_scales(scale_model, item_model) -> None:
    """Add the shipped scales that are not there yet (by code); never overwrite edits."""
    for data in SCALES:
        if scale_model.objects.filter(code=data["code"]).exists():
            continue
        scale = scale_model.objects.create(
            code=data["code"],
            name=data["name"],
            description=data["description"],
            copyright=data["copyright"],
            bands=data["bands"],
            subscales=data["subscales"],
        )
        item_model.objects.bulk_create(
            item_model(
                scale=scale,
                number=number,
                section=section,
                name=name,
                summary=summary,
                data_key=data_key,
                subscales=subscales,
            )
            for number, (section, name, summary, data_key, subscales) in enumerate(data["items"], 1)
        )
