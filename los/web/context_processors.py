from los.access.policy import staff_roles_of


def layout(request):
    """The user's working roles, shown in the header on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"layout_staff_roles": staff_roles_of(user)}
