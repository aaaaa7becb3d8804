from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from oncolex import views
from oncolex.page_cache import cache_public_page

admin.site.site_header = "Oncolex"
admin.site.site_title = "Oncolex editorial"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/workspace/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cache_public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Must match MEDIA_URL's path: figures.views.media checks every request.
    path("media/", include("figures.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("epidemiology/", include("epidemiology.urls")),
    prefix_default_language=True,
)

handler404 = "oncolex.views.page_not_found"
handler500 = "oncolex.views.server_error"
