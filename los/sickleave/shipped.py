"""The checkpoint rules Los ships with: today's law and NAV's practice, with their sources
(docs/sick-leave.md § 2). Installed by migration 0002; the administrator changes them in the
admin afterwards, which keeps every version. Plain Norwegian, read by employees and
employers on the public page."""

import datetime

LOVDATA_AML = "https://lovdata.no/lov/2005-06-17-62/§4-6"
LOVDATA_FTRL = "https://lovdata.no/lov/1997-02-28-19/"
# The follow-up rules of the IA agreement 2010–2013 (four weeks, seven weeks, 26 weeks)
# came into force on 1 July 2011; Los holds no rules for cases that began before.
VALID_FROM = datetime.date(2011, 7, 1)

RULES = [
    {
        "kind": "follow_up_plan",
        "counting": "calendar_days",
        "amount": 27,
        "title": "Arbeidsgiver lager oppfølgingsplan sammen med den sykmeldte",
        "meaning": (
            "Senest når du har vært helt eller delvis borte fra arbeidet i fire uker, skal "
            "arbeidsgiveren og du sammen ha laget en oppfølgingsplan: hva du kan gjøre på "
            "jobben, hvordan arbeidet kan tilrettelegges, og hva dere gjør videre."
        ),
        "source": "Arbeidsmiljøloven § 4-6 tredje ledd",
        "source_url": LOVDATA_AML,
    },
    {
        "kind": "dialogue_meeting_1",
        "counting": "calendar_days",
        "amount": 48,
        "title": "Dialogmøte 1 på arbeidsplassen",
        "meaning": (
            "Senest innen sju uker skal arbeidsgiveren kalle inn til et dialogmøte med deg. "
            "Legen eller behandleren kan være med hvis du eller arbeidsgiveren ønsker det."
        ),
        "source": "Arbeidsmiljøloven § 4-6 fjerde ledd",
        "source_url": LOVDATA_AML,
    },
    {
        "kind": "activity_requirement",
        "counting": "calendar_days",
        "amount": 55,
        "title": "Aktivitetskravet ved åtte uker",
        "meaning": (
            "Etter åtte uker må du være i noe aktivitet, for eksempel gradert arbeid, for å "
            "beholde sykepengene. NAV vurderer om kravet er oppfylt, eller om du har unntak "
            "av medisinske grunner eller fordi tilrettelegging ikke er mulig."
        ),
        "source": "Folketrygdloven § 8-8 andre ledd; NAV isaktivitetskrav (8 uker − 1 dag)",
        "source_url": LOVDATA_FTRL + "§8-8",
    },
    {
        "kind": "meeting_candidate",
        "counting": "calendar_days",
        "amount": 119,
        "title": "NAV vurderer om det trengs dialogmøte 2",
        "meaning": (
            "Etter 17 uker vurderer NAV om det skal holdes et dialogmøte med deg og "
            "arbeidsgiveren, slik at møtet kan holdes før 26 uker."
        ),
        "source": "NAV isdialogmotekandidat (119 dager)",
        "source_url": "https://github.com/navikt/isdialogmotekandidat",
    },
    {
        "kind": "dialogue_meeting_2",
        "counting": "calendar_days",
        "amount": 181,
        "title": "Dialogmøte 2 med NAV",
        "meaning": (
            "Senest når du har vært sykmeldt i 26 uker, kaller NAV inn til dialogmøte med deg "
            "og arbeidsgiveren, med mindre det åpenbart ikke trengs."
        ),
        "source": "Folketrygdloven § 8-7 a første ledd",
        "source_url": LOVDATA_FTRL + "§8-7a",
    },
    {
        "kind": "late_phase",
        "counting": "calendar_days",
        "amount": 272,
        "title": "Oppfølging i sen fase (39 uker)",
        "meaning": (
            "Etter 39 uker gjenstår omtrent tre måneder med sykepenger. NAV tar kontakt om "
            "hva som skjer videre: tilbake i arbeid, annen jobb eller andre ytelser."
        ),
        "source": "Folketrygdloven § 8-7 a og § 8-12",
        "source_url": LOVDATA_FTRL + "§8-12",
    },
    {
        "kind": "maximum_date",
        "counting": "benefit_days",
        "amount": 248,
        "title": "Maksdato: siste dag med sykepenger",
        "meaning": (
            "Du kan få sykepenger i 248 dager (52 uker). Bare ukedager etter de 16 dagene "
            "arbeidsgiveren betaler telles, og en dag med gradert sykmelding teller som en "
            "hel dag. Datoen her gjelder hvis sykmeldingen fortsetter uten opphold; NAVs "
            "egen beregning avgjør."
        ),
        "source": "Folketrygdloven § 8-12 første ledd; NAV helse-spleis (248 ukedager)",
        "source_url": LOVDATA_FTRL + "§8-12",
    },
]


def install_rules(CheckpointRule, CheckpointRuleVersion) -> None:
    """Install the shipped rules once (works with the historical models of a migration)."""
    for fields in RULES:
        rule, created = CheckpointRule.objects.get_or_create(
            kind=fields["kind"], valid_from=VALID_FROM, defaults=fields
        )
        if created:
            data = {k: v for k, v in fields.items()}
            data.update(valid_from=VALID_FROM.isoformat(), valid_to=None)
            CheckpointRuleVersion.objects.create(rule=rule, number=1, data=data)
