from __future__ import annotations

from django.urls import path

from articles import views
from articles.feeds import PublishedVersionsFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", PublishedVersionsFeed(), name="feed"),
    path("cancer-types/<slug:slug>/", views.cancer_type, name="cancer_type"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("articles/<slug:slug>/history/", views.history, name="history"),
    path(
        "articles/<slug:slug>/history/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path("articles/<slug:slug>/compare/", views.compare, name="compare"),
    path("search/", views.search, name="search"),
    path("codes/", views.codes, name="codes"),
    path("procedures/", views.procedures, name="procedures"),
]
