from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("los.web.urls")),
]
