from __future__ import annotations

from django.contrib import admin
from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path(
        "submission/<int:pk>/request-changes/",
        admin.site.admin_view(views.request_changes),
        name="request_changes",
    ),
    path("my-settings/", admin.site.admin_view(views.profile), name="profile"),
]
