from allauth.account.adapter import DefaultAccountAdapter


class LosAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the service (staff by administrators, participants by their
    team), never by self sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False
