"""The 15 counties from 1 January 2024 (SSB classification 104), bundled because they change
rarely and everything else hangs on them."""

COUNTIES_2024 = [
    ("03", "Oslo"),
    ("11", "Rogaland"),
    ("15", "Møre og Romsdal"),
    ("18", "Nordland"),
    ("31", "Østfold"),
    ("32", "Akershus"),
    ("33", "Buskerud"),
    ("34", "Innlandet"),
    ("39", "Vestfold"),
    ("40", "Telemark"),
    ("42", "Agder"),
    ("46", "Vestland"),
    ("50", "Trøndelag"),
    ("55", "Troms"),
    ("56", "Finnmark"),
]

# The four health regions (helseregioner, spesialisthelsetjenesteloven § 2-1 a and the regional
# health authorities' areas), the default regions of the reports. The county numbers are those
# above.
REGIONS_2024 = [
    ("nord", "Helse Nord", ("18", "55", "56")),
    ("midt", "Helse Midt-Norge", ("15", "50")),
    ("vest", "Helse Vest", ("11", "46")),
    ("sor-ost", "Helse Sør-Øst", ("03", "31", "32", "33", "34", "39", "40", "42")),
]
