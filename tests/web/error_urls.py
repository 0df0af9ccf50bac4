"""Los's URLs plus one that fails the way a locked or lost database does, for the 500 page.
The error handlers are whatever los/urls.py sets (Django's own if it sets none)."""

from django.db import OperationalError
from django.urls import path

from los import urls

handler400 = getattr(urls, "handler400", "django.views.defaults.bad_request")
handler500 = getattr(urls, "handler500", "django.views.defaults.server_error")


def fails_after_saving(request):
    raise OperationalError("database is locked")


urlpatterns = [path("feil/", fails_after_saving), *urls.urlpatterns]
