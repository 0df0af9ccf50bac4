from django.conf import settings

from los.access.policy import staff_roles_of, works_with_participants
from los.accounts.middleware import SESSION_KEY as STAFF_MFA_DONE
from los.actionplans.services import may_read as may_read_action_plans
from los.advice.services import advisor_roles, may_ask
from los.agreements.services import has_agreement_work
from los.directory.services import may_keep_offers, receives_referrals
from los.fidelity.services import works_with_fidelity
from los.followup import worklist
from los.measures.services import may_manage_instruments
from los.pathways.services import may_read_employers, works_with_employers
from los.reporting.scopes import scopes_for


def layout(request):
    """The user's working roles, shown in the header on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = staff_roles_of(user)
    return {
        "layout_staff_roles": roles,
        # Only roles that sit on care teams have participants: no «Mine deltakere» leading
        # the county coordinator or the fidelity reviewer to a refusal.
        "layout_participants": works_with_participants(user),
        "layout_employer_work": works_with_employers(user),
        "layout_employer_read": may_read_employers(user),
        "layout_instruments": may_manage_instruments(user),
        "layout_fidelity": works_with_fidelity(user),
        "layout_action_plans": may_read_action_plans(user),
        "layout_offers": may_keep_offers(user),
        "layout_agreements": has_agreement_work(user),
        "layout_advice_ask": may_ask(user),
        "layout_advice_queue": bool(advisor_roles(user)),
        "layout_referrals": receives_referrals(user),
        "layout_reports": bool(scopes_for(user)),
        "layout_work_list": worklist.has_work_list(user),
        # A callable: the template asks for the count only where it shows it, and never
        # before the staff member has passed the second factor.
        "layout_work_count": lambda: _work_count(request),
    }


def _work_count(request) -> int | None:
    if not (settings.SKIP_STAFF_MFA or request.session.get(STAFF_MFA_DONE)):
        return None
    return worklist.count_for(request.user)
