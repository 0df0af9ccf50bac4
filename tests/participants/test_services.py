import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from los.access.audit import record_change
from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category
from los.participants import services
from los.participants.models import Consent

pytestmark = pytest.mark.django_db


def test_a_failed_change_leaves_no_change_log_entry(world):
    consent = Consent.objects.get(category=Category.HEALTH_SUMMARY)
    access = load_access(world.participant_user, world.participant)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.consent_withdraw(access=access, consent_id=consent.pk)
        raise RuntimeError("the request failed after the change")

    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert ChangeLogEntry.objects.count() == 0


# Transactional, to be outside any transaction. Not serialized_rollback: after an earlier
# transactional test's flush has made the content types again, restoring them clashes.
@pytest.mark.django_db(transaction=True)
def test_change_log_cannot_be_written_outside_a_transaction(world):
    with pytest.raises(RuntimeError):
        record_change(
            actor=world.counsellor, participant=world.participant, action="x", obj=world.participant
        )


def test_services_check_the_policy_themselves(world):
    access = load_access(world.employer_contact, world.participant)

    with pytest.raises(PermissionDenied):
        services.consent_record(
            access=access,
            organisation=world.employer,
            categories=[Category.EMPLOYMENT],
            purpose="Jeg vil se alt",
            valid_from=world.participant.created_at.date(),
            valid_to=None,
            method="written",
        )


def test_consent_for_the_core_category_is_refused(world):
    access = load_access(world.counsellor, world.participant)

    with pytest.raises(ValidationError):
        services.consent_record(
            access=access,
            organisation=world.dps,
            categories=[Category.CORE],
            purpose="x",
            valid_from=world.participant.created_at.date(),
            valid_to=None,
            method="written",
        )

    assert Consent.objects.filter(organisation=world.dps).count() == 0


def test_change_log_keeps_field_names_not_values(world):
    access = load_access(world.counsellor, world.participant)

    services.participant_update_details(
        access=access,
        expected_version=world.participant.version,
        phone="47474747",
        email="",
        municipality=None,
        protected_address="kode6",
    )

    entry = ChangeLogEntry.objects.get(action="participant.details_changed")
    assert entry.data == {"changed": ["phone", "protected_address"]}
    assert "47474747" not in str(entry.data)
