from django.urls import path

from los.fhir import views

urlpatterns = [
    path("metadata", views.metadata, name="fhir_metadata"),
    path("Patient/<uuid:patient_id>", views.patient, name="fhir_patient"),
    path("Organization/<int:organisation_id>", views.organization, name="fhir_organization"),
    path("CarePlan", views.care_plan_search, name="fhir_careplan_search"),
    path("Goal", views.goal_search, name="fhir_goal_search"),
    path("Consent", views.consent_search, name="fhir_consent_search"),
    path("AuditEvent", views.audit_event_search, name="fhir_auditevent_search"),
    path(
        "QuestionnaireResponse",
        views.questionnaire_response_search,
        name="fhir_questionnaireresponse_search",
    ),
]
