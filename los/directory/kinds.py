"""The kinds of offer in the directory, what each is in plain Norwegian, and which needs it
answers. The descriptions are written from the sources listed in docs/service-directory.md;
the directory's search by need (`?behov=`) reads NEEDS_OF_KIND, and nothing else decides
which kind answers which need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    IPS = "ips", _("Individuell jobbstøtte (IPS)")
    IPS_YOUNG = "ips_ung", _("IPS-ung")
    AMS = "ams", _("Arbeid med støtte (AMS)")
    SFJ = "sfj", _("Senter for jobbmestring")
    ARK = "ark", _("Arbeidsrådgivning (ARK)")
    ROL = "rol", _("Rådgivende leger (ROL)")
    KID = "kid", _("Kurs i mestring av depresjon (KID)")
    RASK = "rask", _("Rask psykisk helsehjelp")
    SUPPORTED_EDUCATION = "sms", _("Studier med støtte")
    CLUBHOUSE = "fontenehus", _("Fontenehus")
    GREEN_CARE = "gront_arbeid", _("Grønt arbeid")
    LOW_THRESHOLD = "lavterskel", _("Lavterskelkurs")
    PEER_TRAINING = "brukererfaring", _("Opplæring for medarbeidere med brukererfaring")
    SEES_I_MORGEN = "sees_i_morgen", _("«Sees i morgen!» (kurs for arbeidslivet)")
    EMPLOYER_PILOT = "arbeidsgiverlos", _("Arbeidsgiverlos")
    QUICKER_BACK = "raskere_tilbake", _("Raskere tilbake")


class Need(models.TextChoices):
    """What the person (or the employer) looks for: the directory's search by need."""

    WORK = "arbeid", _("Arbeid")
    EDUCATION = "utdanning", _("Skole og studier")
    HEALTH = "helse", _("Psykisk helse og mestring")
    EMPLOYER = "arbeidsgiver", _("For arbeidsgivere")


class Route(models.TextChoices):
    """Who may refer to an offer (or whether one may come on one's own)."""

    SELF = "self", _("Du kan ta kontakt selv")
    GP = "gp", _("Fastlegen")
    NAV = "nav", _("NAV-veilederen")
    HEALTH = "health", _("Behandler i helsetjenesten")
    SCHOOL = "school", _("Skolen eller studiestedet")
    EMPLOYER = "employer", _("Arbeidsgiveren")


NEEDS_OF_KIND: dict[str, frozenset[Need]] = {
    OfferKind.IPS: frozenset({Need.WORK, Need.HEALTH}),
    OfferKind.IPS_YOUNG: frozenset({Need.WORK, Need.EDUCATION, Need.HEALTH}),
    OfferKind.AMS: frozenset({Need.WORK}),
    OfferKind.SFJ: frozenset({Need.WORK, Need.HEALTH}),
    OfferKind.ARK: frozenset({Need.WORK, Need.HEALTH}),
    OfferKind.ROL: frozenset({Need.WORK, Need.HEALTH}),
    OfferKind.KID: frozenset({Need.HEALTH}),
    OfferKind.RASK: frozenset({Need.HEALTH}),
    OfferKind.SUPPORTED_EDUCATION: frozenset({Need.EDUCATION}),
    OfferKind.CLUBHOUSE: frozenset({Need.WORK, Need.HEALTH}),
    OfferKind.GREEN_CARE: frozenset({Need.WORK}),
    OfferKind.LOW_THRESHOLD: frozenset({Need.HEALTH, Need.WORK}),
    OfferKind.PEER_TRAINING: frozenset({Need.WORK}),
    OfferKind.SEES_I_MORGEN: frozenset({Need.EMPLOYER}),
    OfferKind.EMPLOYER_PILOT: frozenset({Need.EMPLOYER}),
    OfferKind.QUICKER_BACK: frozenset({Need.WORK, Need.HEALTH}),
}


def kinds_for_need(need: Need) -> list[str]:
    return [kind for kind, needs in NEEDS_OF_KIND.items() if need in needs]


# What each kind is, in plain Norwegian, shown on the public page under the offer's own
# text. Sources: docs/service-directory.md.
KIND_DESCRIPTION: dict[str, str] = {
    OfferKind.IPS: _(
        "Hjelp til å få og beholde en vanlig jobb, samtidig som du får behandling. En "
        "jobbspesialist fra NAV jobber sammen med behandleren din. Alle som ønsker å jobbe, "
        "kan være med."
    ),
    OfferKind.IPS_YOUNG: _(
        "IPS for unge: hjelp til å komme i jobb eller fullføre skole og studier, samtidig "
        "som du får behandling."
    ),
    OfferKind.AMS: _(
        "Hjelp til å få og beholde en jobb på en vanlig arbeidsplass, med oppfølging både av "
        "deg og arbeidsgiveren."
    ),
    OfferKind.SFJ: _(
        "For deg som har lett eller moderat angst eller depresjon og står i fare for å falle "
        "ut av jobb, eller vil tilbake. Du får samtaler om hvordan du mestrer plagene på "
        "jobben, og hjelp fra en jobbkonsulent."
    ),
    OfferKind.ARK: _(
        "Samtaler med en rådgiver i NAV om arbeid og helse: kartlegging, kunnskap om egne "
        "plager og tro på at arbeid er mulig."
    ),
    OfferKind.ROL: _(
        "NAVs rådgivende leger gir råd til NAV-kontoret og legen din om saken din. De gir "
        "råd, ikke vedtak."
    ),
    OfferKind.KID: _("Et kurs i grupper der du lærer måter å mestre depresjon på i hverdagen."),
    OfferKind.RASK: _(
        "Rask hjelp i kommunen for deg over 18 år med lett til moderat angst eller "
        "depresjon. Gratis, og du trenger ikke henvisning."
    ),
    OfferKind.SUPPORTED_EDUCATION: _(
        "Forberedelse til og oppfølging under høyere utdanning for deg med psykiske helseplager."
    ),
    OfferKind.CLUBHOUSE: _(
        "Et klubbhus drevet sammen med medlemmene. Du får en meningsfull hverdag, "
        "arbeidsrettede aktiviteter og hjelp videre til vanlig arbeid."
    ),
    OfferKind.GREEN_CARE: _(
        "Arbeidstrening på gård for deg med psykiske helseplager, også om du i tillegg har "
        "rusproblemer. Målet er arbeid, ikke nødvendigvis i landbruket."
    ),
    OfferKind.LOW_THRESHOLD: _(
        "Korte kurs i mestring uten krav om henvisning, for deg som vil komme i gang."
    ),
    OfferKind.PEER_TRAINING: _(
        "Opplæring for deg med egen erfaring med psykiske helseplager eller rus, som vil "
        "bruke erfaringen i arbeid i tjenestene."
    ),
    OfferKind.SEES_I_MORGEN: _(
        "Et kurs for ledere, tillitsvalgte og verneombud om psykisk helse på "
        "arbeidsplassen, fra NAV Arbeidslivssenter."
    ),
    OfferKind.EMPLOYER_PILOT: _(
        "En fast kontakt i NAV Arbeidslivssenter som hjelper arbeidsgiveren med å finne "
        "fram til tilbud og støtteordninger om psykisk helse."
    ),
    OfferKind.QUICKER_BACK: _(
        "For deg som er sykmeldt: raskere behandling eller oppfølging i helsetjenesten eller "
        "NAV, slik at du kan komme tilbake i jobben din."
    ),
}
