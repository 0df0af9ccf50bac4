"""Interval and end reports to the NAV counsellor: drafted from the record, shared only once
the participant has been informed, frozen as versions that never change."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.pathways import reports
from los.pathways.models import (
    CounsellorReport,
    EmploymentForm,
    Enrolment,
    ImmutableError,
    Job,
    PassivePeriod,
    ReportKind,
    ReportVersion,
    SupportContact,
    SupportWith,
)
from los.pathways.queries import with_pathway
from tests.factories import add_to_team, employer_contact_for, give_consent, staff_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _label(day):
    return f"{day.day}.{day.month}.{day.year}"


def _staff(world):
    return load_access(world.counsellor, world.participant)


def _self(world):
    return load_access(world.participant_user, world.participant)


def _record(world):
    """A dated record: two employer contacts (one face to face), a pause, a work trial that
    ended, the world's competitive job and education, and follow-along support."""
    employer_contact_for(world, _days(-30), face_to_face=True)
    employer_contact_for(world, _days(-25), face_to_face=False)
    PassivePeriod.objects.create(
        enrolment=world.enrolment, start_date=_days(-45), end_date=_days(-40), reason="Syk"
    )
    Job.objects.create(
        enrolment=world.enrolment,
        employer=world.pathway_employer,
        title="Butikkmedarbeider",
        start_date=_days(-35),
        end_date=_days(-15),
        hours_per_week=15,
        employment_form=EmploymentForm.WORK_TRIAL,
        paid=False,
        ordinary_wage=False,
        open_to_anyone=True,
        end_reason="contract_ended",
        created_by=world.counsellor,
    )
    SupportContact.objects.create(
        enrolment=world.enrolment,
        job=world.job,
        contact_date=_days(-5),
        with_whom=SupportWith.BOTH,
        face_to_face=True,
        in_field=True,
        minutes=60,
        by=world.counsellor,
        by_role="counsellor",
    )


def _draft(world, start, end):
    enrolment = with_pathway(Enrolment.objects.filter(pk=world.enrolment.pk)).get()
    return reports.draft_texts(enrolment, _days(start), _days(end))


def test_the_draft_is_written_from_the_record_of_the_period(world):
    _record(world)

    draft = _draft(world, -50, 0)

    activities = draft["activities"].split("\n")
    assert activities == [
        "Trinn i hele perioden: i arbeid eller utdanning.",
        "2 kontakter med arbeidsgivere på deltakerens vegne, 1 ansikt til ansikt: Bygg AS.",
        "1 oppfølgingskontakt i jobb eller utdanning, 1 ute i felt.",
        f"Pause fra {_label(_days(-45))} til {_label(_days(-40))}: Syk.",
    ]
    results = draft["results"].split("\n")
    assert results[0] == (
        f"Lagermedarbeider hos Bygg AS fra {_label(_days(-10))}, 20 timer per uke, fast ansatt. "
        "Konkurranseutsatt jobb: åpen for alle, ordinær lønn, ikke et tiltak."
    )
    assert results[1].startswith(
        f"Butikkmedarbeider hos Bygg AS fra {_label(_days(-35))}, sluttet {_label(_days(-15))} "
        "(kontrakten gikk ut), 15 timer per uke, arbeidstrening. Ikke konkurranseutsatt:"
    )
    assert "Norsk ved Bodø voksenopplæring" in results[2]


def test_a_period_without_events_says_so(world):
    _record(world)

    draft = _draft(world, -59, -51)

    assert "Ingen kontakt med arbeidsgivere på deltakerens vegne i perioden." in draft["activities"]
    assert draft["results"] == "Ingen jobb eller utdanning i perioden."


def _interval_report(world):
    """An interval report for the last 20 days, drafted by the counsellor."""
    return reports.report_create(
        access=_staff(world),
        enrolment_id=world.enrolment.pk,
        kind=ReportKind.INTERVAL,
        period_start=_days(-20),
        period_end=TODAY,
    )


def test_a_report_is_created_as_a_draft_with_a_change_log_row(world):
    report = _interval_report(world)

    assert not report.versions.exists()
    assert "Lagermedarbeider" in report.results
    assert ChangeLogEntry.objects.filter(action="report.created", object_id=str(report.pk)).exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (-5, -6, "period_end"),  # ends before it begins
        (-5, 1, "period_end"),  # ends in the future
        (-61, -1, "period_start"),  # before the referral (60 days ago)
    ],
)
def test_bad_periods_are_refused_and_nothing_is_saved(world, start, end, field):
    before = CounsellorReport.objects.count()

    with pytest.raises(ValidationError) as error:
        reports.report_create(
            access=_staff(world),
            enrolment_id=world.enrolment.pk,
            kind=ReportKind.INTERVAL,
            period_start=_days(start),
            period_end=_days(end),
        )

    assert field in error.value.message_dict
    assert CounsellorReport.objects.count() == before


def test_one_end_report_per_enrolment(world):
    create = dict(
        access=_staff(world),
        enrolment_id=world.enrolment.pk,
        kind=ReportKind.END,
        period_start=_days(-10),
        period_end=TODAY,
    )
    reports.report_create(**create)

    with pytest.raises(ValidationError) as error:
        reports.report_create(**create)

    assert "kind" in error.value.message_dict


def test_the_participant_and_read_only_roles_cannot_write_reports(world):
    give_consent(world.participant, world.employer, Category.EMPLOYMENT, world.counsellor)
    for user in (world.participant_user, world.employer_contact):
        with pytest.raises(PermissionDenied):
            reports.report_create(
                access=load_access(user, world.participant),
                enrolment_id=world.enrolment.pk,
                kind=ReportKind.INTERVAL,
                period_start=_days(-10),
                period_end=TODAY,
            )
    with pytest.raises(PermissionDenied):
        reports.report_share(
            access=_self(world), report_id=world.report.pk, expected_version=world.report.version
        )


def _new_report(world):
    return reports.report_create(
        access=_staff(world),
        enrolment_id=world.enrolment.pk,
        kind=ReportKind.INTERVAL,
        period_start=_days(-20),
        period_end=TODAY,
    )


def test_sharing_needs_the_participant_informed_and_freezes_a_version(world):
    report = _new_report(world)

    with pytest.raises(ValidationError) as error:
        reports.report_share(access=_staff(world), report_id=report.pk, expected_version=1)
    assert "participant_informed_on" in error.value.message_dict
    assert not ReportVersion.objects.filter(report=report).exists()

    reports.report_update(
        access=_staff(world),
        report_id=report.pk,
        expected_version=1,
        next_period="Søke tre jobber i måneden.",
        participant_informed_on=TODAY,
    )
    first = reports.report_share(access=_staff(world), report_id=report.pk, expected_version=2)

    assert (first.number, first.next_period, first.shared_by) == (
        1,
        "Søke tre jobber i måneden.",
        world.counsellor,
    )
    assert first.shared_by_organisation == "NAV Bodø"
    assert ChangeLogEntry.objects.get(action="report.shared").data == {"version": 1}


def test_nothing_new_is_not_shared_again_and_a_correction_is_a_new_version(world):
    report = _new_report(world)
    reports.report_update(
        access=_staff(world), report_id=report.pk, expected_version=1, participant_informed_on=TODAY
    )
    reports.report_share(access=_staff(world), report_id=report.pk, expected_version=2)

    with pytest.raises(ValidationError, match="Ingenting er endret siden versjon 1"):
        reports.report_share(access=_staff(world), report_id=report.pk, expected_version=3)

    reports.report_update(
        access=_staff(world), report_id=report.pk, expected_version=3, results="Rettet tekst."
    )
    second = reports.report_share(access=_staff(world), report_id=report.pk, expected_version=4)

    first = ReportVersion.objects.get(report=report, number=1)
    assert second.number == 2 and second.results == "Rettet tekst."
    assert "Lagermedarbeider" in first.results  # the shared text is kept as it was


def test_a_stale_edit_is_refused(world):
    report = _new_report(world)
    reports.report_update(
        access=_staff(world), report_id=report.pk, expected_version=1, results="Først."
    )

    with pytest.raises(ValidationError, match="Noen andre har endret"):
        reports.report_update(
            access=_staff(world), report_id=report.pk, expected_version=1, results="Sist."
        )

    assert CounsellorReport.objects.get(pk=report.pk).results == "Først."


def test_a_shared_version_can_never_change(world):
    version = world.report.versions.get()
    version.activities = "Endret i ettertid"

    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    # Not even past the model: the database refuses it.
    with pytest.raises(DatabaseError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(activities="Endret i ettertid")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).delete()

    assert ReportVersion.objects.get(pk=version.pk).activities == "Kartlegging og jobbsøk."


def test_the_participants_comment_informs_them(world):
    report = _new_report(world)

    reports.report_comment(
        access=_self(world), report_id=report.pk, expected_version=1, comment=" Jeg er enig. "
    )

    report.refresh_from_db()
    assert (report.participant_comment, report.participant_informed_on) == ("Jeg er enig.", TODAY)
    assert ChangeLogEntry.objects.filter(
        action="report.commented", actor=world.participant_user
    ).exists()
    with pytest.raises(PermissionDenied):
        reports.report_comment(
            access=_staff(world), report_id=report.pk, expected_version=2, comment="Nei"
        )


# --- Pages ---------------------------------------------------------------------------------


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"public_id": world.participant.public_id, **kwargs})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_staff_create_edit_and_share_a_report_in_the_pages(client, world):
    client.force_login(world.counsellor)
    new_url = _url(world, "report_new", enrolment_id=world.enrolment.pk)
    form = client.get(new_url)
    # The default period runs from the day after the last report to today.
    assert form.context["form"].initial[
        "period_start"
    ] == world.report.period_end + datetime.timedelta(1)

    response = client.post(
        new_url,
        {"kind": "interval", "period_start": _label(TODAY), "period_end": _label(TODAY)},
    )
    report = CounsellorReport.objects.exclude(pk=world.report.pk).get()
    assert response.status_code == 302
    assert response.url == _url(world, "report_detail", report_id=report.pk)

    page = client.post(
        response.url,
        {
            "version": 1,
            "activities": "Samtaler.",
            "results": "Jobb.",
            "next_period": "Mer av det samme.",
            "participant_comment": "",
            "participant_informed_on": _label(TODAY),
        },
    )
    assert page.status_code == 302
    shared = client.post(_url(world, "report_share", report_id=report.pk), {"version": 2})
    assert shared.status_code == 302
    text = _text(client.get(response.url))
    assert "Versjon 1, delt" in text and "Mer av det samme." in text
    assert AccessLogEntry.objects.filter(
        user=world.counsellor, category=Category.EMPLOYMENT, what="rapport til NAV-veileder"
    ).exists()


def test_sharing_before_the_participant_is_informed_explains_why(client, world):
    report = _new_report(world)
    client.force_login(world.counsellor)

    response = client.post(
        _url(world, "report_share", report_id=report.pk), {"version": 1}, follow=True
    )

    assert "Deltakeren må være informert om rapporten før den deles" in _text(response)
    assert not report.versions.exists()


def test_an_end_before_start_keeps_what_was_typed(client, world):
    client.force_login(world.counsellor)

    response = client.post(
        _url(world, "report_new", enrolment_id=world.enrolment.pk),
        {"kind": "interval", "period_start": _label(_days(-2)), "period_end": _label(_days(-5))},
    )

    assert response.status_code == 200
    assert "Perioden kan ikke slutte før den begynner." in _text(response)
    assert response.context["form"].data["period_start"] == _label(_days(-2))


def test_the_participant_reads_the_draft_and_comments_but_cannot_share(client, world):
    report = _new_report(world)
    client.force_login(world.participant_user)
    url = _url(world, "report_detail", report_id=report.pk)

    assert "Lagermedarbeider" in _text(client.get(url))
    response = client.post(url, {"version": 1, "comment": "Dette stemmer."})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.participant_comment == "Dette stemmer."
    refused = client.post(_url(world, "report_share", report_id=report.pk), {"version": 2})
    assert refused.status_code == 403
    assert not report.versions.exists()


def test_read_only_viewers_see_shared_versions_and_never_drafts(client, world):
    supervisor = staff_user(world.nav_office, Role.IPS_SUPERVISOR)
    add_to_team(world.participant, supervisor, world.nav_office, Role.IPS_SUPERVISOR)
    draft = _new_report(world)
    client.force_login(supervisor)

    assert client.get(_url(world, "report_detail", report_id=draft.pk)).status_code == 404
    page = _text(client.get(_url(world, "report_detail", report_id=world.report.pk)))
    pathway = _text(client.get(_url(world, "pathway")))

    assert "Kartlegging og jobbsøk." in page
    assert "Lagre utkastet" not in page and "Utkast" not in page
    assert "utkast, ikke delt" not in pathway
    assert (
        client.post(
            _url(world, "report_detail", report_id=world.report.pk), {"version": 1}
        ).status_code
        == 403
    )


def test_a_shared_version_downloads_as_a_pdf_and_the_read_is_logged(client, world):
    client.force_login(world.counsellor)

    response = client.get(_url(world, "report_pdf", report_id=world.report.pk, number=1))
    missing = client.get(_url(world, "report_pdf", report_id=world.report.pk, number=2))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert missing.status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            user=world.counsellor, what="rapport til NAV-veileder (PDF)"
        ).count()
        == 1
    )


def test_a_new_draft_tells_the_participant_it_waits_for_their_comment(world):
    from los.notifications.models import Kind, Notice

    report = _interval_report(world)

    [notice] = Notice.objects.filter(kind=Kind.REPORT_TO_COMMENT)
    assert notice.recipient == world.participant_user
    assert notice.link.endswith(f"/arbeid/rapport/{report.pk}/")
