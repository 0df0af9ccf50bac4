"""«Last ned opplysningene mine»: everything Los holds about a participant that they may read
themself, as one JSON document (the right of access and to data portability, GDPR articles
15 and 20; docs/my-data.md).

Read through the record's readers (los/access/record.py), so the download holds exactly what
the participant's own pages show them and no more: the shared notes, not the team's internal
ones; the team as they may see it. The keys are Norwegian, for the person who reads it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from los.access.audit import said_to_participant
from los.access.record import Record
from los.followup.models import Message
from los.participants import queries

FORMAT = "los-mine-opplysninger/1"


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def my_data(record: Record) -> dict:
    """The document for the participant of `record`, read as themself."""
    access = record.access
    participant = record.participant
    overview = record.plan()
    threads = record.threads()
    messages = (
        Message.objects.filter(thread__in=threads)
        .select_related("author")
        .order_by("sent_at", "pk")
    )
    by_thread: dict[int, list] = {}
    for message in messages:
        by_thread.setdefault(message.thread_id, []).append(message)
    trends, _tasks = record.measurements()
    return {
        "format": FORMAT,
        "laget": _time(timezone.now()),
        "deg": {
            "fornavn": participant.first_name,
            "etternavn": participant.last_name,
            "fødselsnummer": participant.national_id,
            "fødselsdato": _day(participant.birth_date),
            "kommune": participant.municipality.name if participant.municipality else None,
        },
        "teamet": [
            {
                "navn": access.staff_name(m.user, m.organisation),
                "rolle": m.get_role_display(),
                "organisasjon": m.organisation.name,
                "fra": _day(m.start_date),
                "til": _day(m.end_date),
            }
            for m in queries.team_seen_by(access)
        ],
        "samtykker": [
            {
                "opplysninger": c.get_category_display(),
                "mottaker": c.organisation.name,
                "formål": c.purpose,
                "fra": _day(c.valid_from),
                "til": _day(c.valid_to),
                "trukket_tilbake": _time(c.withdrawn_at),
            }
            for c in queries.consents_seen_by(access)
        ],
        "planen": _plan(overview),
        "dialog": [
            {
                "emne": thread.subject,
                "meldinger": [
                    {
                        "fra": "deg"
                        if message.from_participant
                        else access.staff_name(message.author),
                        "sendt": _time(message.sent_at),
                        "tekst": message.text,
                    }
                    for message in by_thread.get(thread.pk, [])
                ],
            }
            for thread in threads
        ],
        "referater": [
            {
                "dato": _day(note.contact_date),
                "skrevet_av": access.staff_name(note.author, note.author_organisation),
                "tekst": note.text,
                "tillegg": [
                    {"skrevet": _time(addendum.created_at), "tekst": addendum.text}
                    for addendum in note.addenda.all()
                ],
            }
            for note in record.notes()
        ],
        "møter": [
            {
                "type": meeting.get_kind_display(),
                "starter": _time(meeting.starts_at),
                "sted": meeting.place,
                "saksliste": meeting.agenda,
                "avlyst": _time(meeting.cancelled_at),
            }
            for meeting in record.meetings()
        ],
        "kartlegginger": [
            {
                "skjema": trend.instrument.title,
                "svar": [
                    {"dato": _day(point.day), "skåre": float(point.total), "betydning": point.band}
                    for point in trend.points
                ],
            }
            for trend in trends
        ],
        "hvem_har_sett_opplysningene_dine": [
            {
                "tidspunkt": _time(entry.accessed_at),
                "hvem": entry.user_name,
                "rolle": entry.get_role_display(),
                "organisasjon": entry.organisation_name,
                "hva": said_to_participant(entry),
            }
            for entry in queries.access_log_of(participant, exclude_user=access.user)
        ],
    }


def _plan(overview) -> dict | None:
    if overview is None:
        return None
    return {
        "neste_gjennomgang": _day(overview.plan.next_review),
        "mål": [
            {
                "tekst": group.goal.text,
                "gjelder": group.goal.get_kind_display(),
                "status": group.goal.get_status_display(),
                "når": _day(group.goal.target_date),
                "aktiviteter": [_activity(a) for a in group.activities],
            }
            if group.goal is not None
            else {"tekst": None, "aktiviteter": [_activity(a) for a in group.activities]}
            for group in overview.goals
        ],
    }


def _activity(activity) -> dict:
    return {
        "tittel": activity.title,
        "type": activity.get_kind_display(),
        "status": activity.get_status_display(),
        "avtalt": activity.agreed,
        "fra": _day(activity.start_date),
        "frist": _day(activity.due_date),
        "beskrivelse": activity.description,
    }
