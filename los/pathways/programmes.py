"""The work services Los ships with, and their pathways. Data the admin can change later;
installed by a migration, and again by tests that start from an emptied database."""

IPS_STAGES = [
    ("referred", "henvist", "referred"),
    ("first_contact", "første kontakt", "engaging"),
    ("career_mapping", "kartlegging", "engaging"),
    ("job_development", "jobbutvikling", "job_development"),
    ("working", "i arbeid eller utdanning", "working"),
    ("follow_along", "oppfølging i jobb eller utdanning", "follow_along"),
    ("downsizing", "nedtrapping", "downsizing"),
    ("ended", "avsluttet", "ended"),
]
PROGRAMMES = [
    (
        "ips",
        "IPS – individuell jobbstøtte",
        "Jobbstøtte integrert i behandlingen, etter de åtte IPS-prinsippene.",
        False,
        IPS_STAGES,
    ),
    (
        "ips-ung",
        "IPS-ung",
        "IPS for unge: arbeid og utdanning.",
        True,
        IPS_STAGES,
    ),
    (
        "ams",
        "AMS – arbeid med støtte",
        "Ordinært arbeid med støtte for personer som trenger det.",
        False,
        [
            ("referred", "henvist", "referred"),
            ("mapping", "kartlegging", "engaging"),
            ("job_search", "jobbsøking", "job_development"),
            ("working", "i arbeid", "working"),
            ("follow_along", "oppfølging i jobb", "follow_along"),
            ("ended", "avsluttet", "ended"),
        ],
    ),
    (
        "sfj",
        "Senter for jobbmestring",
        "Arbeidsfokusert kognitiv terapi og jobbstøtte ved lette og moderate angst- og "
        "depresjonsplager.",
        False,
        [
            ("referred", "henvist", "referred"),
            ("mapping", "kartlegging", "engaging"),
            ("sessions", "samtaler og jobbstøtte", "job_development"),
            ("working", "i arbeid", "working"),
            ("ended", "avsluttet", "ended"),
        ],
    ),
    (
        "jobbmestrende",
        "Jobbmestrende oppfølging",
        "IPS-basert oppfølging for personer med psykoselidelser.",
        False,
        IPS_STAGES,
    ),
    (
        "studier-med-stotte",
        "Studier med støtte",
        "Forberedelse til og støtte gjennom utdanning.",
        True,
        [
            ("referred", "henvist", "referred"),
            ("preparation", "forberedelse", "engaging"),
            ("studying", "i utdanning", "working"),
            ("support", "støtte underveis", "follow_along"),
            ("ended", "avsluttet", "ended"),
        ],
    ),
    (
        "los",
        "Los",
        "Én fast kontaktperson gjennom alle overgangene.",
        True,
        [
            ("referred", "henvist", "referred"),
            ("mapping", "kartlegging", "engaging"),
            ("follow_up", "oppfølging mot arbeid eller utdanning", "job_development"),
            ("working", "i arbeid eller utdanning", "working"),
            ("ended", "avsluttet", "ended"),
        ],
    ),
    (
        "act-fact",
        "ACT/FACT – arbeidsspesialist",
        "Arbeidsspesialist i et ACT- eller FACT-team.",
        True,
        IPS_STAGES,
    ),
]


def install_default_programmes(programme_model, stage_model) -> None:
    """Add the shipped programmes that are missing (by code); leaves existing ones alone."""
    existing = set(programme_model.objects.values_list("code", flat=True))
    for order, (code, name, description, education, stages) in enumerate(PROGRAMMES):
        if code in existing:
            continue
        programme = programme_model.objects.create(
            code=code,
            name=name,
            description=description,
            covers_education=education,
            order=order,
        )
        stage_model.objects.bulk_create(
            stage_model(programme=programme, code=c, name=n, phase=p, order=i)
            for i, (c, n, p) in enumerate(stages)
        )
