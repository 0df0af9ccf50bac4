"""FHIR R4 at /fhir/ (docs/fhir.md): every resource checked against the FHIR model
(fhir.resources, R4B = R4 for these), the same 404 and access log as the pages."""

import json

import pytest
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from los.access.models import AccessLogEntry, RefusalLogEntry
from los.fhir.resources import FNR, ORGNR
from tests.api.conftest import issue_key

pytestmark = pytest.mark.django_db

MODELS = {
    "CarePlan": CarePlan,
    "Goal": Goal,
    "Consent": Consent,
    "AuditEvent": AuditEvent,
    "QuestionnaireResponse": QuestionnaireResponse,
}


def read(client, url, user=None):
    headers = {"Authorization": f"Bearer {issue_key(user)}"} if user else {}
    response = client.get(url, headers=headers)
    assert response["Content-Type"].startswith("application/fhir+json")
    return response.status_code, json.loads(response.content)


def search(client, kind, participant, user=None):
    status, bundle = read(client, f"/fhir/{kind}?patient={participant.public_id}", user)
    assert status == 200, bundle
    Bundle.model_validate(bundle)
    resources = [entry["resource"] for entry in bundle.get("entry", [])]
    for resource in resources:
        MODELS[kind].model_validate(resource)
    return resources


def test_the_capability_statement_is_valid_and_open(client, db):
    response = client.get("/fhir/metadata")

    statement = CapabilityStatement.model_validate(json.loads(response.content))
    assert statement.fhirVersion == "4.0.1"
    kinds = {r.type for r in statement.rest[0].resource}
    assert kinds == {
        "Patient",
        "Organization",
        "CarePlan",
        "Goal",
        "Consent",
        "AuditEvent",
        "QuestionnaireResponse",
    }


def test_the_therapist_reads_the_patient_with_the_national_id(client, world):
    status, body = read(client, f"/fhir/Patient/{world.participant.public_id}", world.therapist)

    patient = Patient.model_validate(body)
    assert status == 200
    assert (patient.identifier[0].system, patient.identifier[0].value) == (
        FNR,
        world.participant.national_id,
    )
    assert AccessLogEntry.objects.filter(user=world.therapist, what="FHIR").exists()


def test_a_team_member_who_may_not_see_the_national_id_gets_no_patient(client, world):
    status, body = read(
        client, f"/fhir/Patient/{world.participant.public_id}", world.employer_contact
    )

    assert (status, body["resourceType"]) == (403, "OperationOutcome")


def test_off_the_team_the_answer_is_the_same_404_as_for_nobody(client, world):
    hidden = read(client, f"/fhir/Patient/{world.participant.public_id}", world.colleague)
    nobody = read(client, "/fhir/Patient/00000000-0000-4000-8000-000000000000", world.colleague)
    search_hidden = read(
        client, f"/fhir/CarePlan?patient={world.participant.public_id}", world.colleague
    )

    assert hidden == nobody == search_hidden
    assert hidden[0] == 404
    assert (
        RefusalLogEntry.objects.filter(user=world.colleague, participant=world.participant).count()
        == 2
    )


def test_the_care_plan_goals_and_consents_are_valid_fhir(client, world):
    [plan] = search(client, "CarePlan", world.participant, world.counsellor)
    goals = search(client, "Goal", world.participant, world.counsellor)
    consents = search(client, "Consent", world.participant, world.counsellor)

    assert plan["subject"]["reference"] == f"Patient/{world.participant.public_id}"
    assert world.activity.title in [a["detail"]["description"] for a in plan["activity"]]
    assert [g["description"]["text"] for g in goals] == [world.goal.text]
    assert consents and all(c["patient"] == plan["subject"] for c in consents)


def test_the_care_plan_leaves_out_a_treatment_the_reader_may_not_see(client, world):
    from django.utils import timezone

    from los.core.vocabulary import Category
    from los.participants.models import Consent as ConsentRow

    ConsentRow.objects.filter(category=Category.HEALTH_SUMMARY).update(withdrawn_at=timezone.now())

    [plan] = search(client, "CarePlan", world.participant, world.counsellor)

    assert world.treatment.title not in [a["detail"]["description"] for a in plan["activity"]]


def test_sara_reads_her_own_access_log_as_audit_events(client, world):
    client.force_login(world.counsellor)
    client.get(f"/deltakere/{world.participant.public_id}/")
    client.force_login(world.participant_user)

    events = search(client, "AuditEvent", world.participant)

    assert any("Kari Veileder" in e["agent"][0]["who"]["display"] for e in events)


def test_the_organization_carries_its_orgnr(client, world):
    status, body = read(client, f"/fhir/Organization/{world.nav_office.pk}", world.counsellor)
    assert status == 200

    organization = Organization.model_validate(body)
    assert organization.identifier[0].system == ORGNR
    assert organization.identifier[0].value == world.nav_office.orgnr


def test_without_sign_in_or_patient_the_answers_say_why(client, world):
    anonymous = client.get(f"/fhir/CarePlan?patient={world.participant.public_id}")
    client.force_login(world.counsellor)
    without_patient = client.get("/fhir/CarePlan")
    xml = client.get(f"/fhir/CarePlan?patient={world.participant.public_id}&_format=xml")

    assert (anonymous.status_code, without_patient.status_code, xml.status_code) == (401, 400, 406)


def test_the_questionnaire_responses_are_valid_fhir_for_who_may_read_them(client, world):
    from django.utils import timezone

    from los.access.policy import load_access
    from los.measures import services
    from los.measures.models import Instrument

    services.response_save(
        access=load_access(world.therapist, world.participant),
        instrument=Instrument.objects.get(code="who-5"),
        answers={str(n): "3" for n in range(1, 6)},
        submit=True,
        completed_on=timezone.localdate(),
    )

    [response] = search(client, "QuestionnaireResponse", world.participant, world.therapist)
    refused = read(
        client,
        f"/fhir/QuestionnaireResponse?patient={world.participant.public_id}",
        world.employer_contact,
    )

    assert response["subject"]["reference"] == f"Patient/{world.participant.public_id}"
    assert len(response["item"]) == 5
    assert refused[0] == 403


def test_sara_is_not_shown_her_own_reads_and_reads_are_in_her_words(client, world):
    client.force_login(world.participant_user)
    client.get(f"/deltakere/{world.participant.public_id}/plan/")

    events = search(client, "AuditEvent", world.participant)

    assert not any("Sara" in e["agent"][0]["who"]["display"] for e in events)
    assert all(not e["entity"][0]["description"].endswith(")") for e in events)


def test_an_empty_search_is_still_a_logged_read(client, world):
    from los.plans.models import IndividualPlan

    IndividualPlan.objects.filter(participant=world.participant).update(status="closed")

    assert search(client, "CarePlan", world.participant, world.counsellor) == []
    assert AccessLogEntry.objects.filter(
        user=world.counsellor, participant=world.participant, what="FHIR", category="core"
    ).exists()
