from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from oncolex import two_factor, views
from oncolex.page_cache import cache_public_page

admin.site.site_header = "Oncolex"
admin.site.site_title = "Oncolex editorial"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/two-factor/", two_factor.two_factor_view, name="two_factor"),
    path("admin/workspace/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cache_public_page(params=["p"])(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("infobutton", include("infobutton.urls")),
    path("api/v1/", include("api.urls")),
    # Browsers ask for /favicon.ico whatever the page links to.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True),
    ),
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
