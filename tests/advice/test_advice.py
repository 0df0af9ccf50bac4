"""Advice from the regional unit: refusals of identifying text, consent for a named
question, what the advisor reads, and the queue's figures (dated, hand-computed)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from los.access.audit import WHAT_ADVICE
from los.access.models import AccessLogEntry, Basis, ChangeLogEntry
from los.access.policy import advice_access, load_access
from los.advice import queries, services
from los.advice.models import AdviceQuestion
from los.core.vocabulary import Category, OrganisationKind, Role
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    add_to_team,
    give_consent,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    nav = OrganisationFactory(name="NAV Bodø", kind=OrganisationKind.NAV_OFFICE)
    regional = OrganisationFactory(name="Arbeid og helse Nord", kind=OrganisationKind.REGIONAL_UNIT)
    counsellor = staff_user(nav, Role.COUNSELLOR)
    advisor = staff_user(regional, Role.REGIONAL_ADVISOR)
    kari = ParticipantFactory(first_name="Kari Anne", last_name="Nordmann")
    add_to_team(kari, counsellor, nav, Role.COUNSELLOR)
    return {"nav": nav, "regional": regional, "counsellor": counsellor, "advisor": advisor,
            "kari": kari}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Deltaker 12039012345 lurer på AAP.",
        "Deltaker 120390 12345 lurer på AAP.",
        "Født 12.03.1990, sykmeldt.",
        "Født 12. mars 1990.",
        "Hun er født 1990-03-12.",
        "Nordmann, Kari er sykmeldt.",
        "anne nordmann vil jobbe",
    ],
)
def test_identifying_text_is_refused_and_nothing_saved(setup, text):
    with pytest.raises(ValidationError) as error:
        services.ask_anonymous(
            user=setup["counsellor"], organisation_id=setup["regional"].pk, question=text
        )
    assert "question" in error.value.error_dict
    assert AdviceQuestion.objects.count() == 0
    assert not ChangeLogEntry.objects.filter(action="advice.asked").exists()


@pytest.mark.parametrize(
    "text",
    [
        "Mann i 30-årene, sykmeldt i 12 uker, vil prøve 50 % jobb.",
        "Kontonummer 1234.56.78901 er ikke et fødselsnummer.",  # 4+2+5 digits with dots
        "Hvordan bruker vi Nordmanns metode?",  # a last name alone is no name
    ],
)
def test_plain_text_is_saved_anonymously(setup, text):
    asked = services.ask_anonymous(
        user=setup["counsellor"], organisation_id=setup["regional"].pk, question=text
    )
    assert asked.participant is None and asked.categories == []
    assert ChangeLogEntry.objects.filter(action="advice.asked", participant=None).count() == 1


def test_only_nav_care_roles_ask(setup):
    with pytest.raises(PermissionDenied):
        services.ask_anonymous(
            user=setup["advisor"], organisation_id=setup["regional"].pk, question="Et spørsmål"
        )


def test_named_question_needs_consent_for_every_chosen_category(setup):
    access = load_access(setup["counsellor"], setup["kari"])
    give_consent(setup["kari"], setup["regional"], Category.PLAN, setup["counsellor"])
    with pytest.raises(ValidationError) as error:
        services.ask_named(
            access=access,
            organisation_id=setup["regional"].pk,
            categories=[Category.PLAN, Category.HEALTH_SUMMARY],
            question="Hva bør vi prøve?",
        )
    assert "helseopplysninger" in str(error.value.error_dict["categories"])
    assert AdviceQuestion.objects.count() == 0
    asked = services.ask_named(
        access=access,
        organisation_id=setup["regional"].pk,
        categories=[Category.PLAN],
        question="Kari Anne Nordmann vil prøve jobb. Hva bør vi prøve?",  # her own name: named
    )
    assert asked.participant == setup["kari"] and asked.categories == ["plan"]
    assert asked.consents.count() == 1


def test_the_advisor_reads_only_the_consented_chosen_categories(setup):
    kari, regional = setup["kari"], setup["regional"]
    give_consent(kari, regional, Category.PLAN, setup["counsellor"])
    give_consent(kari, regional, Category.NAV_CASE_NOTES, setup["counsellor"])
    role = setup["advisor"].staff_roles.get()
    access = advice_access(role, kari, [Category.PLAN], timezone.localdate())
    assert access.can_view(Category.PLAN)
    assert not access.can_view(Category.NAV_CASE_NOTES)  # consented, not chosen
    assert not access.can_view(Category.HEALTH_SUMMARY)
    assert access.decide(Category.PLAN).basis == Basis.CONSENT
    consent = kari.consents.get(category=Category.PLAN)
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert not advice_access(role, kari, [Category.PLAN], timezone.localdate()).can_view(
        Category.PLAN
    )


def test_answer_by_the_organisations_advisor_and_decision_by_the_asker(setup):
    asked = services.ask_anonymous(
        user=setup["counsellor"], organisation_id=setup["regional"].pk, question="Spørsmål"
    )
    with pytest.raises(ValidationError):
        services.record_decision(user=setup["counsellor"], question_id=asked.pk, decision="Nei")
    with pytest.raises(PermissionDenied):
        services.answer(user=setup["counsellor"], question_id=asked.pk, answer="Råd")
    services.answer(user=setup["advisor"], question_id=asked.pk, answer="Prøv gradert.")
    with pytest.raises(PermissionDenied):
        services.record_decision(user=setup["advisor"], question_id=asked.pk, decision="Ja")
    services.record_decision(
        user=setup["counsellor"], question_id=asked.pk, decision="Vi gjør det."
    )
    asked.refresh_from_db()
    assert asked.decision == "Vi gjør det."
    assert set(ChangeLogEntry.objects.values_list("action", flat=True)) >= {
        "advice.asked", "advice.answered", "advice.decided"
    }  # fmt: skip


def _question(setup, asked, answered=None):
    tz = timezone.get_current_timezone()
    return AdviceQuestion.objects.create(
        asked_by=setup["counsellor"],
        asked_by_role=Role.COUNSELLOR,
        asked_by_organisation=setup["nav"],
        organisation=setup["regional"],
        asked_at=datetime.datetime.combine(asked, datetime.time(10), tz),
        question="Spørsmål",
        answer="Råd" if answered else "",
        answered_at=datetime.datetime.combine(answered, datetime.time(9), tz) if answered else None,
    )


def test_queue_figures_by_hand(setup, settings):
    settings.MIN_CELL_SIZE = 3
    d = datetime.date
    # March: answered after 1, 4 and 10 days; April: one answered after 0 days, one waiting.
    _question(setup, d(2026, 3, 2), d(2026, 3, 3))
    _question(setup, d(2026, 3, 10), d(2026, 3, 14))
    _question(setup, d(2026, 3, 20), d(2026, 3, 30))
    _question(setup, d(2026, 4, 1), d(2026, 4, 1))
    waiting = _question(setup, d(2026, 4, 3))
    assert queries.days_waiting(waiting, d(2026, 4, 13)) == 10
    rows = list(queries.queue_for([setup["regional"].pk]))
    inside = queries.queue_figures(rows, beyond_unit=False)
    assert inside.median_answer_days == 2.5  # 0, 1, 4, 10
    assert inside.waiting == 1
    assert [(m.month.month, m.asked, m.answered) for m in inside.months] == [(3, 3, 3), (4, 2, 1)]
    beyond = queries.queue_figures(rows, beyond_unit=True)
    assert [(m.month.month, m.asked, m.answered) for m in beyond.months] == [
        (3, 3, 3), (4, None, None)
    ]  # fmt: skip
    assert beyond.waiting is None and beyond.suppressed
    assert beyond.median_answer_days == 2.5  # four answers behind it, above the threshold


def test_advisor_page_logs_reads_on_consent(setup, client):
    kari, regional = setup["kari"], setup["regional"]
    give_consent(kari, regional, Category.PLAN, setup["counsellor"])
    access = load_access(setup["counsellor"], kari)
    asked = services.ask_named(
        access=access, organisation_id=regional.pk, categories=[Category.PLAN], question="Råd?"
    )
    client.force_login(setup["advisor"])
    response = client.get(f"/rad/{asked.pk}/")
    assert response.status_code == 200
    assert "Dette er et råd, ikke et vedtak" not in response.content.decode()
    rows = AccessLogEntry.objects.filter(participant=kari, what=WHAT_ADVICE)
    assert {(r.category, r.basis, r.role) for r in rows} == {
        (Category.CORE, Basis.CONSENT, Role.REGIONAL_ADVISOR)
    }


def test_refused_anonymous_question_keeps_the_text_in_the_form(setup, client):
    client.force_login(setup["counsellor"])
    response = client.post(
        "/rad/ny/",
        {"organisation": setup["regional"].pk, "question": "Fnr 12039012345, hva gjør vi?"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "fødselsnummer" in body and "Fnr 12039012345, hva gjør vi?" in body
    assert AdviceQuestion.objects.count() == 0
