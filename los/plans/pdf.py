"""The Individual Plan as a PDF: tagged (PDF/UA-1), in Norwegian, with the goals and
activities, the team and the consents the viewer may see, and room for signatures.

It is rendered from an HTML template by WeasyPrint, so the document structure (headings,
lists, tables) becomes the PDF's tag tree that screen readers follow."""

from __future__ import annotations

from django.utils import timezone

from los.access.policy import ParticipantAccess
from los.core.pdf import pdf_from_template
from los.core.vocabulary import Category
from los.measures import queries as measure_queries
from los.participants import queries as participant_queries
from los.plans.queries import PlanOverview


def plan_document(access: ParticipantAccess, overview: PlanOverview) -> tuple[bytes, list]:
    """The PDF, and the categories of information it shows (for the access log)."""
    participant = access.participant
    team = [m for m in participant_queries.team_seen_by(access) if m.is_current]
    consents = [c for c in participant_queries.consents_seen_by(access) if c.currently_active]
    trends = measure_queries.trends_for(access) if measure_queries.may_read(access) else []
    trends = [trend for trend in trends if trend.points]
    pdf = pdf_from_template(
        "plans/plan_pdf.html",
        {
            "access": access,
            "participant": participant,
            "overview": overview,
            "team": team,
            "consents": consents,
            "trends": trends,
            "printed_at": timezone.now(),
            "printed_by": access.user.display_name,
        },
    )
    shown = [activity.category for group in overview.goals for activity in group.activities]
    if trends:
        shown.append(Category.MEASUREMENTS)
    return pdf, [Category.CORE, Category.PLAN, *shown]
