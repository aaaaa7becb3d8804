from __future__ import annotations

from django.urls import path

from epidemiology import views

app_name = "epidemiology"

urlpatterns = [
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>.csv", views.dataset_csv, name="dataset_csv"),
    path(
        "<slug:slug>.csv-metadata.json",
        views.dataset_csv_metadata,
        name="dataset_csv_metadata",
    ),
    path("<slug:slug>/sites.csv", views.sites_csv, name="sites_csv"),
    path(
        "<slug:slug>/sites.csv-metadata.json",
        views.sites_csv_metadata,
        name="sites_csv_metadata",
    ),
]
