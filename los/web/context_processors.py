from los.access.policy import staff_roles_of
from los.pathways.services import EMPLOYER_READ_ROLES, EMPLOYER_WORK_ROLES


def layout(request):
    """The user's working roles, shown in the header on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = staff_roles_of(user)
    return {
        "layout_staff_roles": roles,
        "layout_employer_work": any(r.role in EMPLOYER_WORK_ROLES for r in roles),
        "layout_employer_read": any(r.role in EMPLOYER_READ_ROLES for r in roles),
    }
