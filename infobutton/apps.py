from __future__ import annotations

from django.apps import AppConfig


class InfobuttonConfig(AppConfig):
    """The HL7 Infobutton door: an EHR asks by clinical code, gets articles."""

    name = "infobutton"
    verbose_name = "HL7 Infobutton"
