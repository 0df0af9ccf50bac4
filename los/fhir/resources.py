"""Los's rows as FHIR R4 resources (docs/fhir.md): plain dicts, checked against the FHIR model
with fhir.resources (R4B, which is R4 for these resources) in the tests.

Identifiers use the Norwegian OIDs of HL7 Norway's no-basis profiles: fødselsnummer
2.16.578.1.12.4.1.4.1, D-nummer 2.16.578.1.12.4.1.4.2, organisasjonsnummer
2.16.578.1.12.4.1.4.101.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from los.plans.models import ActivityStatus, GoalStatus

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR = "urn:oid:2.16.578.1.12.4.1.4.2"
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
FHIR_VERSION = "4.0.1"

# CarePlan.activity.detail.status (http://hl7.org/fhir/R4/valueset-care-plan-activity-status)
ACTIVITY_STATUS = {
    ActivityStatus.PROPOSED: "not-started",
    ActivityStatus.PLANNED: "scheduled",
    ActivityStatus.IN_PROGRESS: "in-progress",
    ActivityStatus.DONE: "completed",
    ActivityStatus.CANCELLED: "cancelled",
}
# Goal.lifecycleStatus and achievementStatus
GOAL_ACHIEVEMENT = {
    GoalStatus.ACTIVE: "in-progress",
    GoalStatus.ACHIEVED: "achieved",
    GoalStatus.PARTLY: "improving",
}


def _instant(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def patient_ref(participant) -> dict:
    return {"reference": f"Patient/{participant.public_id}"}


def organisation_ref(organisation) -> dict:
    return {"reference": f"Organization/{organisation.pk}", "display": organisation.name}


def patient(participant, *, with_national_id: bool) -> dict:
    """The participant; the national id only for a reader who may see it. Legal gender is
    left out: Los keeps it for the reports only."""
    resource = {
        "resourceType": "Patient",
        "id": str(participant.public_id),
        "name": [{"family": participant.last_name, "given": [participant.first_name]}],
        "birthDate": participant.birth_date.isoformat(),
    }
    if with_national_id:
        system = DNR if participant.national_id_kind == "dnr" else FNR
        resource["identifier"] = [{"system": system, "value": participant.national_id}]
    return resource


def organization(organisation) -> dict:
    resource = {
        "resourceType": "Organization",
        "id": str(organisation.pk),
        "name": organisation.name,
    }
    if organisation.orgnr:
        resource["identifier"] = [{"system": ORGNR, "value": organisation.orgnr}]
    return resource


def goal(participant, row) -> dict:
    resource = {
        "resourceType": "Goal",
        "id": str(row.pk),
        "lifecycleStatus": "active" if row.status == GoalStatus.ACTIVE else "completed",
        "description": {"text": row.text},
        "category": [{"text": row.get_kind_display()}],
        "subject": patient_ref(participant),
    }
    if row.status in GOAL_ACHIEVEMENT:
        resource["achievementStatus"] = {"text": GOAL_ACHIEVEMENT[row.status]}
    if row.target_date:
        resource["target"] = [{"dueDate": row.target_date.isoformat()}]
    return resource


def care_plan(participant, overview) -> dict:
    """The Individual Plan with the goals and the activities the reader may see."""
    plan = overview.plan
    activities = []
    for group in overview.goals:
        for activity in group.activities:
            detail = {
                "status": ACTIVITY_STATUS[activity.status],
                "description": activity.title,
                "code": {"text": activity.get_kind_display()},
            }
            if activity.goal_id:
                detail["goal"] = [{"reference": f"Goal/{activity.goal_id}"}]
            if activity.start_date or activity.due_date:
                period = {}
                if activity.start_date:
                    period["start"] = activity.start_date.isoformat()
                if activity.due_date:
                    period["end"] = activity.due_date.isoformat()
                detail["scheduledPeriod"] = period
            activities.append({"detail": detail})
    return {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": "active",
        "intent": "plan",
        "title": "Individuell plan",
        "subject": patient_ref(participant),
        "created": _instant(plan.created_at),
        "goal": [{"reference": f"Goal/{g.goal.pk}"} for g in overview.goals if g.goal],
        "activity": activities,
    }


def consent(participant, row) -> dict:
    active = row.withdrawn_at is None and (
        row.valid_to is None or row.valid_to >= timezone.localdate()
    )
    period = {"start": row.valid_from.isoformat()}
    if row.valid_to:
        period["end"] = row.valid_to.isoformat()
    return {
        "resourceType": "Consent",
        "id": str(row.pk),
        "status": "active" if active else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"text": "Samtykke til deling av opplysninger"}],
        "patient": patient_ref(participant),
        "dateTime": _instant(row.recorded_at),
        "organization": [organisation_ref(row.organisation)],
        "provision": {
            "type": "permit",
            "period": period,
            "class": [{"code": row.category, "display": row.get_category_display()}],
            "purpose": [{"display": row.purpose}],
        },
    }


def audit_event(participant, entry, *, for_self: bool) -> dict:
    """One read in the access log; for the person it is about, in the words of their page
    (audit.said_to_participant)."""
    from los.access.audit import said_to_participant

    what = (
        said_to_participant(entry) if for_self else f"{entry.what} ({entry.get_category_display()})"
    )
    who = entry.user_name
    if entry.organisation_name:
        who = f"{who}, {entry.organisation_name}"
    return {
        "resourceType": "AuditEvent",
        "id": str(entry.pk),
        "type": {
            "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
            "code": "rest",
        },
        "action": "R",
        "recorded": _instant(entry.accessed_at),
        "outcome": "0",
        "agent": [
            {
                "requestor": True,
                "who": {"display": who},
                "role": [{"text": entry.get_role_display() or "–"}],
            }
        ],
        "source": {"observer": {"display": "Los"}},
        "entity": [
            {
                "what": patient_ref(participant),
                "description": what,
            }
        ],
    }


def questionnaire_response(participant, row, scale) -> dict:
    """A completed response with its answers (los/measures/scoring.py), its id and whose."""
    from los.measures.scoring import response_resource

    resource = response_resource(scale, row.answers, status=row.status, authored=row.completed_at)
    return {**resource, "id": str(row.pk), "subject": patient_ref(participant)}


def searchset(resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [
            {
                "fullUrl": f"{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def outcome(code: str, text: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": text}],
    }


SEARCHABLE = ["CarePlan", "Goal", "Consent", "AuditEvent", "QuestionnaireResponse"]


def capability_statement() -> dict:
    def described(kind: str, *, search: bool) -> dict:
        resource = {"type": kind, "interaction": [{"code": "read"}]}
        if search:
            resource["interaction"].append({"code": "search-type"})
            resource["searchParam"] = [{"name": "patient", "type": "reference"}]
        return resource

    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-04",
        "publisher": "Los",
        "kind": "instance",
        "software": {"name": "Los"},
        "implementation": {"description": "Los: oppfølging i arbeid og psykisk helse"},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": (
                        "En personlig API-nøkkel i Authorization: Bearer, eller en innlogget "
                        "økt; samme tilgangsregler og tilgangslogg som sidene."
                    )
                },
                "resource": [
                    described("Patient", search=False),
                    described("Organization", search=False),
                    *(described(kind, search=True) for kind in SEARCHABLE),
                ],
            }
        ],
    }
