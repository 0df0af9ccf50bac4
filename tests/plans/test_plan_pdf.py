"""The plan as a PDF: tagged for screen readers, in Norwegian, and showing only what the
one who prints it may see."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from los.access.models import AccessLogEntry
from los.core.vocabulary import Category
from los.participants.models import Consent
from los.plans.models import IndividualPlan

pytestmark = pytest.mark.django_db


def _pdf(client, world, user):
    client.force_login(user)
    response = client.get(reverse("plan_pdf", args=[world.participant.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader):
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_plan_pdf_has_goals_activities_team_consents_and_signatures(client, world):
    text = _text(_pdf(client, world, world.counsellor))

    for expected in (
        "Individuell plan",
        "Sara Deltaker",
        "Jobbe i butikk 50 %",
        "Søke på tre butikkjobber",
        "Samtaleterapi ved Salten DPS",  # the counsellor has consent for health information
        "Lise Behandler",
        "helseopplysninger",
        "Underskrifter",
        "Kari Veileder",
    ):
        assert expected in text, expected


def test_the_pdf_is_tagged_with_language_and_title(client, world):
    reader = _pdf(client, world, world.counsellor)
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("nb")
    assert reader.metadata.title == "Individuell plan for Sara Deltaker"


def test_without_consent_the_treatment_is_not_in_the_pdf(client, world):
    Consent.objects.filter(participant=world.participant).delete()

    text = _text(_pdf(client, world, world.counsellor))

    assert "Samtaleterapi" not in text
    assert "Søke på tre butikkjobber" in text


def test_printing_logs_every_category_shown(client, world):
    _pdf(client, world, world.counsellor)

    logged = set(
        AccessLogEntry.objects.filter(what="plan som PDF").values_list("category", flat=True)
    )
    assert logged == {Category.CORE, Category.PLAN, Category.HEALTH_SUMMARY}


def test_no_plan_no_pdf(client, world):
    IndividualPlan.objects.filter(pk=world.plan.pk).update(status="closed")
    client.force_login(world.counsellor)

    response = client.get(reverse("plan_pdf", args=[world.participant.public_id]))

    assert response.status_code == 404
