"""Planning meetings, answering invitations and writing minutes.

Only care staff who may change the plan organise meetings and write minutes. Each invited
person answers for themself; care staff record the answers of people outside Los. Moving a
meeting asks everyone again. Published minutes are final."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import ParticipantAccess, require, team_readers
from los.core.days import local, years_ahead
from los.core.editing import stale_edit_error
from los.core.text import clean_text, cleans_text
from los.core.vocabulary import Category
from los.meetings.models import Invitation, Meeting, Reply
from los.notifications import events as notices

MIN_DURATION = 15
MAX_DURATION = 8 * 60
# How far ahead a meeting may be planned: further is a typing error (a meeting in 9999 once
# broke its page), and a calendar file that far ahead helps nobody.
HORIZON_YEARS = 2
SCHEDULED_FIELDS = ("kind", "starts_at", "duration_minutes", "channel", "place", "agenda")
# A change to these tells those invited (a notice); a new agenda does not.
WHEN_AND_WHERE = frozenset({"starts_at", "duration_minutes", "channel", "place"})


@dataclass(frozen=True)
class External:
    name: str
    role: str = ""


def parse_externals(text: str) -> list[External]:
    """One person per line, «Navn, rolle eller virksomhet»."""
    people = []
    for line in clean_text(text, multiline=True).splitlines():
        name, _sep, role = line.partition(",")
        if name.strip():
            people.append(External(name.strip()[:200], role.strip()[:200]))
    return people


def may_organise(access: ParticipantAccess) -> bool:
    return not access.is_self and access.can_change(Category.PLAN)


def invitable_members(access: ParticipantAccess) -> list:
    """Team members who may read the plan, and so may be invited (the organiser excluded:
    they are always on the list)."""
    readers = team_readers(access.participant, Category.PLAN, access.day)
    seen, members = set(), []
    for membership, _reader in readers:
        if membership.user_id != access.user.pk and membership.user_id not in seen:
            seen.add(membership.user_id)
            members.append(membership)
    return members


def _check_schedule(starts_at: datetime.datetime, duration_minutes: int) -> None:
    errors = {}
    now = timezone.now()
    if starts_at <= now:
        errors["starts_at"] = _("Møtet må være fram i tid.")
    elif local(starts_at).date() > years_ahead(HORIZON_YEARS).on(timezone.localdate()):
        errors["starts_at"] = _("Møtet kan ikke være mer enn to år fram i tid.")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = _("Varigheten må være mellom 15 minutter og 8 timer.")
    if errors:
        raise ValidationError(errors)


def _invite(
    meeting, access, member_ids, invite_participant, externals, *, keep=None, organiser=False
) -> None:
    """Create the invitations the meeting should have; `keep` maps existing ones by key so
    their answers survive an edit. A new meeting's organiser is on it, and coming."""
    keep = keep or {}
    members = {m.user_id: m for m in invitable_members(access)}
    unknown = set(member_ids) - set(members)
    if unknown:
        raise ValidationError(
            {"members": _("Bare personer i teamet som kan se planen, kan inviteres.")}
        )
    wanted: list[Invitation] = []
    own = keep.pop(("user", access.user.pk), None)
    if own is not None:
        wanted.append(own)
    elif organiser:
        membership = access.decide(Category.PLAN).membership
        wanted.append(
            Invitation(
                meeting=meeting,
                user=access.user,
                role=membership.role,
                organisation=membership.organisation,
                reply=Reply.COMING,
                replied_at=timezone.now(),
            )
        )
    for user_id in dict.fromkeys(member_ids):
        membership = members[user_id]
        wanted.append(
            keep.pop(("user", user_id), None)
            or Invitation(
                meeting=meeting,
                user_id=user_id,
                role=membership.role,
                organisation=membership.organisation,
            )
        )
    if invite_participant:
        wanted.append(
            keep.pop(("participant",), None)
            or Invitation(meeting=meeting, user=access.participant.user, is_participant=True)
        )
    for person in externals:
        wanted.append(
            keep.pop(("external", person.name, person.role), None)
            or Invitation(meeting=meeting, external_name=person.name, external_role=person.role)
        )
    for dropped in keep.values():
        dropped.delete()
    Invitation.objects.bulk_create([i for i in wanted if i.pk is None])


def _invited_users(meeting: Meeting) -> set[int]:
    """The invited people with an account (team members and the participant)."""
    return set(meeting.invitations.filter(user__isnull=False).values_list("user_id", flat=True))


def _key(invitation: Invitation) -> tuple:
    if invitation.is_participant:
        return ("participant",)
    if invitation.user_id:
        return ("user", invitation.user_id)
    return ("external", invitation.external_name, invitation.external_role)


@cleans_text("place", multiline=("agenda",))
@transaction.atomic
def meeting_plan(
    *,
    access: ParticipantAccess,
    kind: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    channel: str,
    place: str,
    agenda: str,
    members: list[int],
    invite_participant: bool,
    externals: list[External],
) -> Meeting:
    require(may_organise(access))
    starts_at = starts_at.replace(second=0, microsecond=0)  # calendars count in minutes
    _check_schedule(starts_at, duration_minutes)
    membership = access.decide(Category.PLAN).membership
    meeting = Meeting.objects.create(
        participant=access.participant,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        channel=channel,
        place=place.strip(),
        agenda=agenda.strip(),
        organiser=access.user,
        organiser_role=membership.role,
        organiser_organisation=membership.organisation,
    )
    _invite(meeting, access, members, invite_participant, externals, organiser=True)
    record_change(
        actor=access.user,
        participant=access.participant,
        action="meeting.planned",
        obj=meeting,
        data={"kind": kind, "invited": meeting.invitations.count()},
    )
    notices.meeting_invited(meeting, _invited_users(meeting), access.user)
    return meeting


def _meeting_for_update(access: ParticipantAccess, meeting_id: int) -> Meeting:
    try:
        return Meeting.objects.select_for_update().get(
            pk=meeting_id, participant=access.participant
        )
    except Meeting.DoesNotExist as error:
        raise ValidationError(_("Fant ikke møtet.")) from error


def _require_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst og kan ikke endres."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("Møtet har begynt og kan ikke flyttes eller endres."))


@cleans_text("place", multiline=("agenda",))
@transaction.atomic
def meeting_change(
    *,
    access: ParticipantAccess,
    meeting_id: int,
    expected_version: int,
    members: list[int],
    invite_participant: bool,
    externals: list[External],
    **scheduled,
) -> tuple[Meeting, bool]:
    """Change a planned meeting. Returns the meeting and whether the time moved, in which
    case every answer but the organiser's is asked for again."""
    require(may_organise(access))
    meeting = _meeting_for_update(access, meeting_id)
    if meeting.version != expected_version:
        raise stale_edit_error()
    _require_open(meeting)
    scheduled["starts_at"] = scheduled["starts_at"].replace(second=0, microsecond=0)
    _check_schedule(scheduled["starts_at"], scheduled["duration_minutes"])
    moved = (scheduled["starts_at"], scheduled["duration_minutes"]) != (
        meeting.starts_at,
        meeting.duration_minutes,
    )
    scheduled["place"] = scheduled["place"].strip()
    scheduled["agenda"] = scheduled["agenda"].strip()
    changed = [f for f in SCHEDULED_FIELDS if getattr(meeting, f) != scheduled[f]]
    for name in changed:
        setattr(meeting, name, scheduled[name])
    keep = {_key(i): i for i in meeting.invitations.all()}
    before = set(keep)
    users_before = _invited_users(meeting)
    _invite(meeting, access, members, invite_participant, externals, keep=dict(keep))
    after = {_key(i) for i in meeting.invitations.all()}
    if moved:
        meeting.invitations.exclude(user=access.user).update(
            reply=Reply.PENDING, reply_comment="", replied_at=None
        )
    meeting.version += 1
    meeting.save()
    record_change(
        actor=access.user,
        participant=access.participant,
        action="meeting.changed",
        obj=meeting,
        data={
            "fields": changed,
            "invited": len(after - before),
            "uninvited": len(before - after),
            "moved": moved,
        },
    )
    users_after = _invited_users(meeting)
    notices.meeting_invited(meeting, users_after - users_before, access.user)
    if set(changed) & WHEN_AND_WHERE:
        notices.meeting_moved(meeting, users_after & users_before, access.user)
    return meeting, moved


@transaction.atomic
def meeting_cancel(*, access: ParticipantAccess, meeting_id: int) -> Meeting:
    require(may_organise(access))
    meeting = _meeting_for_update(access, meeting_id)
    _require_open(meeting)
    meeting.cancelled_at = timezone.now()
    meeting.version += 1
    meeting.save(update_fields=["cancelled_at", "version"])
    record_change(
        actor=access.user, participant=access.participant, action="meeting.cancelled", obj=meeting
    )
    notices.meeting_cancelled(meeting, _invited_users(meeting), access.user)
    return meeting


def own_invitation(access: ParticipantAccess, meeting: Meeting) -> Invitation | None:
    for invitation in meeting.invitations.all():
        if access.is_self and invitation.is_participant:
            return invitation
        if not access.is_self and invitation.user_id == access.user.pk:
            return invitation
    return None


def reply_target(access: ParticipantAccess, meeting: Meeting, invitation_id=None) -> Invitation:
    """Whose answer this is: one's own invitation (no `invitation_id`), or, for care staff,
    the invitation of someone outside Los who answered by phone or e-mail."""
    if invitation_id in (None, ""):
        invitation = own_invitation(access, meeting)
        if invitation is None:
            raise PermissionDenied
        return invitation
    require(may_organise(access))
    for invitation in meeting.invitations.all():
        if str(invitation.pk) == str(invitation_id) and invitation.user_id is None:
            return invitation
    raise ValidationError(_("Du kan bare registrere svar for personer utenfor Los."))


@cleans_text("comment")
@transaction.atomic
def meeting_reply(
    *,
    access: ParticipantAccess,
    meeting_id: int,
    reply: str,
    comment: str = "",
    invitation_id=None,
) -> Invitation:
    """Record an answer to an invitation (see reply_target for whose)."""
    meeting = _meeting_for_update(access, meeting_id)
    invitation = reply_target(access, meeting, invitation_id)
    _require_open(meeting)
    if reply not in Reply.values or reply == Reply.PENDING:
        raise ValidationError({"reply": _("Velg et svar.")})
    if reply == Reply.NEW_TIME and not comment.strip():
        raise ValidationError({"comment": _("Skriv hvilke tidspunkt som passer bedre.")})
    invitation.reply = reply
    invitation.reply_comment = comment.strip()
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "reply_comment", "replied_at"])
    record_change(
        actor=access.user,
        participant=access.participant,
        action="meeting.replied",
        obj=invitation,
        data={"meeting": meeting.pk, "reply": reply, "on_behalf": invitation_id not in (None, "")},
    )
    return invitation


def _require_minutes_writer(access: ParticipantAccess, meeting: Meeting) -> None:
    require(may_organise(access))
    if meeting.minutes_published:
        raise ValidationError(_("Referatet er publisert og kan ikke endres."))
    if meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst."))


@cleans_text(multiline=("text",))
@transaction.atomic
def minutes_save(
    *,
    access: ParticipantAccess,
    meeting_id: int,
    expected_version: int,
    text: str,
    publish: bool = False,
) -> Meeting:
    """Save the minutes as a draft, or save and publish them in one step."""
    meeting = _meeting_for_update(access, meeting_id)
    _require_minutes_writer(access, meeting)
    if meeting.version != expected_version:
        raise stale_edit_error()
    text = text.strip()
    if publish:
        if meeting.starts_at > timezone.now():
            raise ValidationError(_("Referatet kan publiseres når møtet har vært."))
        if not text:
            raise ValidationError({"text": _("Skriv referatet før du publiserer det.")})
        meeting.minutes_published_at = timezone.now()
        meeting.minutes_published_by = access.user
    meeting.minutes = text
    meeting.version += 1
    meeting.save()
    record_change(
        actor=access.user,
        participant=access.participant,
        action="meeting.minutes_published" if publish else "meeting.minutes_saved",
        obj=meeting,
    )
    return meeting
