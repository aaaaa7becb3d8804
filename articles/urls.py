from __future__ import annotations

from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("cancer-types/<slug:slug>/", views.cancer_type, name="cancer_type"),
    path("articles/<slug:slug>/", views.article, name="article"),
]
