"""Optimistic locking, shared by everything that is edited in a form: each edit names the
version it was made from, and a stale edit is refused instead of silently overwriting
someone else's change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def stale_edit_error() -> ValidationError:
    return ValidationError(
        _(
            "Noen andre har endret dette siden du åpnet skjemaet. Se over det som er lagret; "
            "det du skrev står fortsatt i skjemaet."
        ),
        code="stale",
    )


def locked_row(queryset, pk: int, *, version: int | None = None):
    """The row to change, locked until the transaction ends. A row outside `queryset` (another
    participant's, say) does not exist for this edit: PermissionDenied. With `version`, an
    edit made from an older version is refused as stale."""
    row = queryset.select_for_update().filter(pk=pk).first()
    if row is None:
        raise PermissionDenied
    if version is not None and row.version != version:
        raise stale_edit_error()
    return row
