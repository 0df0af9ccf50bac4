"""The data migration that stores the raw score of the responses scored before it was kept."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from los.measures.models import Instrument, Response, ResponseStatus
from los.measures.shipped import install_shipped_instruments

pytestmark = pytest.mark.django_db

migration = importlib.import_module("los.measures.migrations.0004_fill_response_raw_total")


def _scored_before(world, code: str, total) -> Response:
    """A completed response as Los stored it before the raw score: a total, no raw."""
    return Response.objects.create(
        participant=world.participant,
        instrument=Instrument.objects.get(code=code),
        status=ResponseStatus.COMPLETED,
        answers={},
        total=Decimal(total),
        raw_total=None,
        answered_by=world.therapist,
    )


def test_the_migration_fills_the_raw_score_from_the_total_and_the_multiplier(world):
    install_shipped_instruments(Instrument)
    who5 = [_scored_before(world, "who-5", t) for t in ("0", "52", "64", "100")]
    phq9 = _scored_before(world, "phq-9", "18")
    draft = Response.objects.create(
        participant=world.participant,
        instrument=Instrument.objects.get(code="who-5"),
        status=ResponseStatus.IN_PROGRESS,
        answered_by=world.therapist,
    )

    migration.fill(apps, None)
    migration.fill(apps, None)  # a second run changes nothing

    assert [Response.objects.get(pk=r.pk).raw_total for r in who5] == [0, 13, 16, 25]
    assert Response.objects.get(pk=phq9.pk).raw_total == 18
    assert Response.objects.get(pk=draft.pk).raw_total is None


def test_the_migration_backwards_empties_the_raw_score(world):
    install_shipped_instruments(Instrument)
    response = _scored_before(world, "who-5", "40")
    migration.fill(apps, None)

    migration.empty(apps, None)

    assert Response.objects.get(pk=response.pk).raw_total is None
