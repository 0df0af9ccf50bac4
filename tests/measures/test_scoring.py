"""The scale engine against hand-computed cases: every shipped instrument, reverse items,
missing answers, band edges, the FHIR round trip and files that are not valid."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from los.measures.scoring import InstrumentError, parse, response_resource, score

ROOT = Path(__file__).resolve().parents[2] / "los"
SHIPPED = ROOT / "measures" / "instruments"


def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _scale(name):
    return parse(_load(SHIPPED / f"{name}.json"))


def _all(scale, code):
    return {item.link_id: code for item in scale.items}


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ("000000000", 0, "ingen eller minimale depresjonsplager"),
        ("111100000", 4, "ingen eller minimale depresjonsplager"),  # edge 4/5
        ("111110000", 5, "milde depresjonsplager"),
        ("333000000", 9, "milde depresjonsplager"),
        ("333100000", 10, "moderate depresjonsplager"),
        ("333330000", 15, "moderat alvorlige depresjonsplager"),
        ("333333200", 20, "alvorlige depresjonsplager"),
        ("333333333", 27, "alvorlige depresjonsplager"),
    ],
)
def test_phq9_totals_and_bands(answers, total, band):
    scale = _scale("phq-9")

    result = score(scale, {str(n): code for n, code in enumerate(answers, 1)})

    assert (result.complete, result.total, result.band) == (True, total, band)


def test_phq9_item_9_is_a_safety_item_even_in_an_incomplete_answer():
    scale = _scale("phq-9")

    assert score(scale, {"9": "1"}).safety == ["9"]
    assert score(scale, {"9": "0"}).safety == []
    assert score(scale, _all(scale, "3")).safety == ["9"]


@pytest.mark.parametrize(
    ("each", "total", "band"),
    [(0, 0, "ingen eller minimale angstplager"), (3, 21, "alvorlige angstplager")],
)
def test_gad7_edges(each, total, band):
    result = score(_scale("gad-7"), {str(n): str(each) for n in range(1, 8)})
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(
    ("answers", "raw", "percent", "band"),
    [
        ("00000", 0, 0, "svært lav trivsel: vurder utredning for depresjon"),
        ("22111", 7, 28, "svært lav trivsel: vurder utredning for depresjon"),  # 7 × 4
        ("22211", 8, 32, "lav trivsel"),
        ("33322", 13, 52, "god trivsel"),  # 13 × 4: the usual cut-off
        ("55555", 25, 100, "god trivsel"),
    ],
)
def test_who5_is_a_percentage_of_its_raw_score(answers, raw, percent, band):
    result = score(_scale("who-5"), {str(n): code for n, code in enumerate(answers, 1)})
    assert (result.raw_total, result.total, result.band) == (raw, percent, band)


def test_the_raw_score_is_the_score_for_a_scale_without_a_multiplier():
    scale = _scale("phq-9")
    result = score(scale, {str(n): "2" for n in range(1, 10)})

    assert (result.raw_total, result.total, scale.has_raw_score) == (18, 18, False)
    assert (_scale("who-5").has_raw_score, _scale("who-5").max_raw_total) == (True, 25)
    assert score(scale, {"1": "2"}).raw_total is None  # incomplete: no score at all


def test_missing_answers_are_never_scored_as_complete():
    scale = _scale("gad-7")
    answers = _all(scale, "3")
    del answers["4"]

    result = score(scale, answers)

    assert (result.complete, result.total, result.band, result.missing) == (False, None, "", ["4"])


def test_an_answer_outside_the_options_is_an_error():
    scale = _scale("gad-7")

    with pytest.raises(InstrumentError, match="«4» er ikke et svaralternativ på spørsmål 1"):
        score(scale, {"1": "4"})
    with pytest.raises(InstrumentError, match="Spørsmål 99 finnes ikke"):
        score(scale, {"99": "1"})


def test_reverse_items_and_subscales_of_an_imported_scale():
    scale = parse(_load(ROOT / "demo" / "eksempel-jobbhap.json"))
    # Item 3 is reversed: «Helt enig» (4) counts 1, «Helt uenig» (1) counts 4.
    answers = {"1": "4", "2": "3", "3": "1", "4": "2"}

    result = score(scale, answers)

    assert result.total == 4 + 3 + 4 + 2
    assert result.band == "middels (eksempel)"
    assert result.subscales == {"tro": Decimal(8)}  # items 1 and 3
    assert scale.example is True
    assert score(scale, {"1": "4"}).subscales == {}  # a subscale needs all its items


@pytest.mark.parametrize("name", ["phq-9", "gad-7", "who-5"])
def test_shipped_instruments_state_their_licence(name):
    scale = _scale(name)
    assert "tillatelse" in scale.copyright or "fritt tilgjengelig" in scale.copyright
    assert scale.language == "nb" and not scale.example


@pytest.mark.parametrize("name", ["phq-9", "gad-7", "who-5"])
def test_fhir_round_trip_scores_identically(name):
    original = _load(SHIPPED / f"{name}.json")
    exported = json.loads(json.dumps(original))  # what an export writes and an import reads

    first, second = parse(original), parse(exported)

    for code in {o.code for o in first.items[0].options}:
        answers = _all(first, code)
        assert score(first, answers) == score(second, answers)


def test_a_response_is_a_valid_questionnaire_response():
    import datetime

    scale = _scale("phq-9")
    resource = response_resource(
        scale,
        {"1": "2", "9": "0"},
        status="in-progress",
        authored=datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC),
    )

    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == "urn:los:questionnaire:phq-9|1.0"
    assert [i["linkId"] for i in resource["item"]] == ["1", "9"]


def _broken(mutate):
    resource = _load(SHIPPED / "gad-7.json")
    mutate(resource)
    with pytest.raises(InstrumentError) as error:
        parse(resource)
    return error.value.errors


def test_files_that_are_not_questionnaires_are_refused_with_reasons():
    with pytest.raises(InstrumentError, match="ikke en FHIR Questionnaire"):
        parse({"resourceType": "Patient"})
    with pytest.raises(InstrumentError, match="ikke en FHIR Questionnaire"):
        parse(["not", "a", "resource"])
    assert any("Ikke gyldig FHIR" in e for e in _broken(lambda r: r["item"][0].pop("linkId")))
    assert any("Ikke gyldig FHIR" in e for e in _broken(lambda r: r.__setitem__("item", "x")))
    assert _broken(lambda r: r.__setitem__("status", "maybe")) == [
        "Status må være draft, active eller retired."
    ]


def test_scoring_rules_that_cannot_work_are_refused():
    def no_weights(r):
        for option in r["item"][0]["answerOption"]:
            option["valueCoding"].pop("extension")

    def overlapping(r):
        r["extension"][1]["extension"][1]["valueDecimal"] = 7  # 0–7 overlaps 5–9

    def no_licence(r):
        r.pop("copyright")

    assert any("vekt (ordinalValue)" in e for e in _broken(no_weights))
    assert any("overlapper" in e for e in _broken(overlapping))
    assert _broken(no_licence) == ["Skjemaet mangler lisens og kildehenvisning (copyright)."]
    errors = _broken(lambda r: (no_licence(r), overlapping(r)))
    assert len(errors) == 2  # every reason at once
    untouched = _load(SHIPPED / "gad-7.json")
    assert copy.deepcopy(untouched) == untouched
