"""Reading meetings through the access policy: which meetings, which invited people and
which minutes this viewer may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from los.access.policy import ParticipantAccess
from los.core.vocabulary import Category
from los.meetings.models import Invitation, Meeting


def meetings_for(access: ParticipantAccess) -> QuerySet[Meeting]:
    """The meetings this viewer may see, by the policy's can_see_meeting: all of them, the
    ones they are invited to, or none."""
    meetings = Meeting.objects.filter(participant=access.participant)
    if access.can_see_meeting(invited_user_ids=()):
        return meetings
    if access.can_see_meeting(invited_user_ids={access.user.pk}):
        return meetings.filter(invitations__user=access.user)
    return meetings.none()


def with_invitations(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("organiser", "organiser_organisation").prefetch_related(
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related("user", "organisation"),
        )
    )


def meeting_of(access: ParticipantAccess, meeting_id: int) -> Meeting | None:
    return with_invitations(meetings_for(access)).filter(pk=meeting_id).first()


def _viewer_is_invited(access: ParticipantAccess, meeting: Meeting) -> bool:
    return any(invitation.user_id == access.user.pk for invitation in meeting.invitations.all())


def visible_invitations(access: ParticipantAccess, meeting: Meeting) -> list[Invitation]:
    """Everyone invited, except team members whose presence this viewer may not learn."""
    invited = _viewer_is_invited(access, meeting)
    return [
        invitation
        for invitation in meeting.invitations.all()
        if invitation.user_id is None
        or invitation.is_participant
        or access.can_see_colleague(
            invitation.user_id, invitation.organisation, in_meeting_with_viewer=invited
        )
    ]


def organiser_visible(access: ParticipantAccess, meeting: Meeting) -> bool:
    return access.can_name_staff(
        meeting.organiser_id,
        meeting.organiser_organisation,
        in_meeting_with_viewer=_viewer_is_invited(access, meeting),
    )


def minutes_publisher_name(access: ParticipantAccess, meeting: Meeting) -> str:
    """Who published the minutes, as far as the viewer may see them (can_name_staff)."""
    return access.staff_name(
        meeting.minutes_published_by, in_meeting_with_viewer=_viewer_is_invited(access, meeting)
    )


def minutes_visible(access: ParticipantAccess, meeting: Meeting) -> bool:
    """Published minutes go to everyone who sees the meeting; a draft only to those who may
    write it."""
    if meeting.minutes_published:
        return True
    return not access.is_self and access.can_change(Category.PLAN)
