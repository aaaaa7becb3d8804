from __future__ import annotations

from django.urls import path

from infobutton import views

app_name = "infobutton"

urlpatterns = [path("", views.infobutton, name="infobutton")]
