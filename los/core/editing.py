"""Optimistic locking, shared by everything that is edited in a form: each edit names the
version it was made from, and a stale edit is refused instead of silently overwriting
someone else's change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def stale_edit_error() -> ValidationError:
    return ValidationError(
        _(
            "Noen andre har endret dette siden du åpnet skjemaet. Se over det som er lagret; "
            "det du skrev står fortsatt i skjemaet."
        ),
        code="stale",
    )
