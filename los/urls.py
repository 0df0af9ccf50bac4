from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from los.api.v1 import api as api_v1
from los.web.error_views import not_found

# The admin's own login form would sign in without the code from the authenticator app and
# without the login lockout; it sends to Los's login instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # allauth's pages for connecting third-party accounts and signing up through one: Los
    # never links an account to an identity provider (docs/sign-in.md), so they do not exist
    # here. Its pages for a cancelled or failed sign-in (3rdparty/login/…) stay.
    re_path(r"^konto/3rdparty/(signup/)?$", not_found),
    path("konto/", include("allauth.urls")),
    path("api/v1/", api_v1.urls),
    path("fhir/", include("los.fhir.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("los.web.urls")),
]

# Los's own error pages (los/web/error_views.py); 403 and 404 use Django's views with
# los/templates/403.html and 404.html, which already render with the request.
handler400 = "los.web.error_views.bad_request"
handler500 = "los.web.error_views.server_error"
