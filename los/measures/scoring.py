"""The scale engine: an instrument is a FHIR R4 Questionnaire, and everything needed to score
it is in the resource itself, so a service can import a scale Los does not ship.

Read from the Questionnaire:
- items of type choice, each answer option a Coding with the standard ordinalValue extension
  (http://hl7.org/fhir/StructureDefinition/ordinalValue) as its weight;
- Los extensions (urn:los:fhir:…): scoring-method (sum or mean), score-multiplier (WHO-5
  gives a percentage: raw × 4; the raw score before it is kept too), score-band (low,
  high, label; inclusive), subscale (code, name, items), and on an item reverse-scored
  and safety-item (a positive answer needs a person to act, as PHQ-9 item 9);
- title, version, language, description (the instruction) and copyright (licence and
  attribution, shown with the form).

The structure is checked with fhir.resources (R4B, which is R4 for Questionnaire); the Los
rules on top of it are checked here. Every error is collected, so a bad file is explained
in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.translation import gettext as _

ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
LOS = "urn:los:fhir:"
METHODS = ("sum", "mean")
STATUSES = ("draft", "active", "retired")


class InstrumentError(ValueError):
    """The resource is not a Questionnaire Los can score; `errors` says why, all at once."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Option:
    code: str
    display: str
    weight: Decimal


@dataclass(frozen=True)
class Item:
    link_id: str
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    safety: bool = False

    def weight_of(self, code: str) -> Decimal:
        option = next((o for o in self.options if o.code == code), None)
        if option is None:
            raise ValueError(code)
        if not self.reverse:
            return option.weight
        weights = [o.weight for o in self.options]
        return max(weights) + min(weights) - option.weight


@dataclass(frozen=True)
class Band:
    low: Decimal
    high: Decimal
    label: str  # the clinical name, for staff; what a response stores
    # What the participant reads instead, when the clinical name speaks to staff («vurder
    # utredning …»): the optional sub-extension "participantLabel" (docs/measurement.md).
    participant_label: str = ""

    def label_for(self, is_self: bool) -> str:
        return (self.participant_label or self.label) if is_self else self.label


@dataclass(frozen=True)
class Subscale:
    code: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    code: str
    url: str
    version: str
    title: str
    language: str
    instruction: str
    copyright: str
    items: tuple[Item, ...]
    method: str = "sum"
    multiplier: Decimal = Decimal(1)
    bands: tuple[Band, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    example: bool = False

    def item(self, link_id: str) -> Item | None:
        return next((i for i in self.items if i.link_id == link_id), None)

    @property
    def max_total(self) -> Decimal:
        highest = [max(o.weight for o in i.options) for i in self.items]
        return self._combine(highest)

    def _combine(self, weights: list[Decimal]) -> Decimal:
        return self._raw(weights) * self.multiplier

    def _raw(self, weights: list[Decimal]) -> Decimal:
        """The score before the multiplier: WHO-5's raw 0–25 (its percentage is raw × 4)."""
        total = sum(weights, Decimal(0))
        if self.method == "mean":
            total = total / len(weights)
        return total

    @property
    def has_raw_score(self) -> bool:
        """The raw score differs from the score, so both are worth showing."""
        return self.multiplier != 1

    @property
    def max_raw_total(self) -> Decimal:
        return self._raw([max(o.weight for o in i.options) for i in self.items])

    def band_of(self, total: Decimal) -> str:
        return next((b.label for b in self.bands if b.low <= total <= b.high), "")

    def band_label_for(self, stored_label: str, is_self: bool) -> str:
        """A response's stored band as the reader should see it: the participant gets the
        band's participant wording, staff the clinical name."""
        band = next((b for b in self.bands if b.label == stored_label), None)
        return band.label_for(is_self) if band else stored_label


@dataclass
class Score:
    complete: bool
    total: Decimal | None = None  # None unless every item is answered
    raw_total: Decimal | None = None  # before the scale's multiplier; as total
    band: str = ""
    subscales: dict[str, Decimal] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # linkIds not answered
    safety: list[str] = field(default_factory=list)  # safety items answered positively


def score(scale: Scale, answers: dict[str, str]) -> Score:
    """Score the answers (linkId → option code). An answer that is not one of the item's
    options, or to an item the scale does not have, is an error; missing answers make the
    result incomplete, and an incomplete result has no total: it is never scored as if
    complete. Safety items are read whatever else is missing."""
    errors = []
    weights: dict[str, Decimal] = {}
    for link_id, code in answers.items():
        item = scale.item(link_id)
        if item is None:
            errors.append(_("Spørsmål %(id)s finnes ikke i skjemaet.") % {"id": link_id})
            continue
        try:
            weights[link_id] = item.weight_of(code)
        except ValueError:
            errors.append(
                _("«%(code)s» er ikke et svaralternativ på spørsmål %(id)s.")
                % {"code": code, "id": link_id}
            )
    if errors:
        raise InstrumentError(errors)
    result = Score(complete=False)
    result.missing = [i.link_id for i in scale.items if i.link_id not in weights]
    result.safety = [
        i.link_id
        for i in scale.items
        if i.safety and i.link_id in answers and i.weight_of(answers[i.link_id]) > 0
    ]
    for subscale in scale.subscales:
        if all(link_id in weights for link_id in subscale.items):
            result.subscales[subscale.code] = scale._combine(
                [weights[link_id] for link_id in subscale.items]
            )
    if not result.missing:
        result.complete = True
        result.raw_total = scale._raw(list(weights.values()))
        result.total = result.raw_total * scale.multiplier
        result.band = scale.band_of(result.total)
    return result


# --- Reading a Questionnaire ---------------------------------------------------------------


def _ext(element: dict, name: str) -> list[dict]:
    return [e for e in element.get("extension", []) if e.get("url") == LOS + name]


def _sub(extension: dict, name: str) -> list[dict]:
    return [e for e in extension.get("extension", []) if e.get("url") == name]


def _decimal(value, errors: list[str], where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(
            _("%(where)s: «%(value)s» er ikke et tall.") % {"where": where, "value": value}
        )
        return Decimal(0)


def parse(resource) -> Scale:
    """The scale in a FHIR R4 Questionnaire (a dict), or InstrumentError with every reason
    it cannot be used."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "Questionnaire":
        raise InstrumentError([_("Filen er ikke en FHIR Questionnaire.")])
    errors = _fhir_errors(resource)
    if errors:
        raise InstrumentError(errors)
    if resource.get("status") not in STATUSES:
        errors.append(_("Status må være draft, active eller retired."))
    for required in ("url", "version", "title"):
        if not resource.get(required):
            errors.append(_("Skjemaet mangler %(field)s.") % {"field": required})
    if not resource.get("copyright"):
        errors.append(_("Skjemaet mangler lisens og kildehenvisning (copyright)."))
    items = [_item(raw, errors) for raw in resource.get("item", [])]
    if not items:
        errors.append(_("Skjemaet har ingen spørsmål."))
    link_ids = [i.link_id for i in items]
    if len(set(link_ids)) != len(link_ids):
        errors.append(_("Hvert spørsmål må ha sin egen linkId."))
    method = next((e.get("valueCode") for e in _ext(resource, "scoring-method")), "sum")
    if method not in METHODS:
        errors.append(_("Skåringsmetoden må være sum eller mean."))
    multiplier = Decimal(1)
    for e in _ext(resource, "score-multiplier"):
        multiplier = _decimal(e.get("valueDecimal"), errors, "score-multiplier")
    bands = tuple(_band(e, errors) for e in _ext(resource, "score-band"))
    ordered = sorted(bands, key=lambda b: b.low)
    for earlier, later in pairwise(ordered):
        if later.low <= earlier.high:
            errors.append(
                _("Skåreintervallene overlapper: %(a)s og %(b)s.")
                % {"a": earlier.label, "b": later.label}
            )
    subscales = tuple(_subscale(e, set(link_ids), errors) for e in _ext(resource, "subscale"))
    if errors:
        raise InstrumentError(errors)
    return Scale(
        code=resource.get("id") or resource["url"].rsplit(":", 1)[-1],
        url=resource["url"],
        version=resource["version"],
        title=resource["title"],
        language=resource.get("language", ""),
        instruction=resource.get("description", ""),
        copyright=resource["copyright"],
        items=tuple(items),
        method=method,
        multiplier=multiplier,
        bands=bands,
        subscales=subscales,
        example=any(e.get("valueBoolean") for e in _ext(resource, "example")),
    )  # fmt: skip


def _fhir_errors(resource: dict) -> list[str]:
    """The FHIR library's verdict on the structure, one line per problem."""
    from fhir.resources.R4B.questionnaire import Questionnaire
    from pydantic import ValidationError as PydanticError

    try:
        Questionnaire.model_validate(resource)
    except PydanticError as error:
        return [
            _("Ikke gyldig FHIR (%(where)s): %(message)s")
            % {"where": ".".join(str(p) for p in problem["loc"]) or "Questionnaire",
               "message": problem["msg"]}
            for problem in error.errors()
        ]  # fmt: skip
    return []


def _item(raw: dict, errors: list[str]) -> Item:
    link_id = raw.get("linkId", "?")
    if raw.get("type") != "choice":
        errors.append(
            _("Spørsmål %(id)s: Los skårer bare spørsmål av typen choice.") % {"id": link_id}
        )
    options = []
    for option in raw.get("answerOption", []):
        coding = option.get("valueCoding") or {}
        weights = [
            e["valueDecimal"]
            for e in coding.get("extension", []) + option.get("extension", [])
            if e.get("url") == ORDINAL and "valueDecimal" in e
        ]
        if not coding.get("code") or not weights:
            message = _(
                "Spørsmål %(id)s: hvert svaralternativ trenger en kode og en vekt (ordinalValue)."
            )
            errors.append(message % {"id": link_id})
            continue
        where = f"{link_id}/{coding['code']}"
        weight = _decimal(weights[0], errors, where)
        options.append(Option(coding["code"], coding.get("display", coding["code"]), weight))
    if len(options) < 2:
        errors.append(_("Spørsmål %(id)s har færre enn to svaralternativer.") % {"id": link_id})
    codes = [o.code for o in options]
    if len(set(codes)) != len(codes):
        errors.append(_("Spørsmål %(id)s har samme kode to ganger.") % {"id": link_id})
    return Item(
        link_id=link_id,
        text=raw.get("text", ""),
        options=tuple(options),
        reverse=any(e.get("valueBoolean") for e in _ext(raw, "reverse-scored")),
        safety=any(e.get("valueBoolean") for e in _ext(raw, "safety-item")),
    )


def _band(extension: dict, errors: list[str]) -> Band:
    low = [e.get("valueDecimal") for e in _sub(extension, "low")]
    high = [e.get("valueDecimal") for e in _sub(extension, "high")]
    label = [e.get("valueString") for e in _sub(extension, "label")]
    for_participant = [e.get("valueString") or "" for e in _sub(extension, "participantLabel")]
    if len(low) != 1 or len(high) != 1 or len(label) != 1 or not label[0]:
        errors.append(_("Hvert skåreintervall trenger low, high og label."))
        return Band(Decimal(0), Decimal(0), "")
    band = Band(
        _decimal(low[0], errors, "low"),
        _decimal(high[0], errors, "high"),
        label[0],
        for_participant[0] if for_participant else "",
    )
    if band.high < band.low:
        errors.append(
            _("Skåreintervallet «%(label)s» slutter før det begynner.") % {"label": label[0]}
        )
    return band


def _subscale(extension: dict, link_ids: set[str], errors: list[str]) -> Subscale:
    code = next((e.get("valueCode") for e in _sub(extension, "code")), "")
    name = next((e.get("valueString") for e in _sub(extension, "name")), code)
    items = tuple(e.get("valueString") for e in _sub(extension, "item"))
    unknown = [i for i in items if i not in link_ids]
    if not code or not items or unknown:
        errors.append(
            _("Delskalaen «%(name)s» viser til spørsmål som ikke finnes.") % {"name": name}
        )
    return Subscale(code, name, items)


# --- Answers as a FHIR QuestionnaireResponse -----------------------------------------------


def response_resource(scale: Scale, answers: dict[str, str], *, status: str, authored) -> dict:
    """The answers as a FHIR R4 QuestionnaireResponse, without the person: the receiver
    adds the subject it knows them by. `authored` must be timezone-aware (FHIR requires a
    zone on a time)."""
    if authored.tzinfo is None:
        raise ValueError("authored must be timezone-aware")
    items = []
    for item in scale.items:
        if item.link_id not in answers:
            continue
        option = next(o for o in item.options if o.code == answers[item.link_id])
        items.append(
            {
                "linkId": item.link_id,
                "text": item.text,
                "answer": [
                    {
                        "valueCoding": {
                            "code": option.code,
                            "display": option.display,
                            "extension": [{"url": ORDINAL, "valueDecimal": float(option.weight)}],
                        }
                    }
                ],
            }
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{scale.url}|{scale.version}",
        "status": status,
        "authored": authored.isoformat(),
        "item": items,
    }
