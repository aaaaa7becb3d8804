from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from oncolex import views

admin.site.site_header = "Oncolex"
admin.site.site_title = "Oncolex editorial"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("epidemiology/", include("epidemiology.urls")),
    prefix_default_language=True,
)

handler404 = "oncolex.views.page_not_found"
handler500 = "oncolex.views.server_error"
