"""Standard populations for direct age standardisation: data, not code.

They are loaded by a data migration from `epidemiology/data/` and never edited
in the admin; see `epidemiology/data/STANDARD_POPULATIONS.md` for the sources.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from epidemiology.tables import AGE_BANDS, AGE_GROUP_CHOICES


class StandardPopulation(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=200, blank=True)
    reference = models.TextField(_("reference"), blank=True)
    total = models.PositiveIntegerField(
        _("total"), help_text=_("What the weights add up to, as published.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("standard population")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return (self.name_nb if language == "nb" else "") or self.name

    def weights_by_band(self) -> dict[str, int]:
        return dict(self.weights.values_list("age_group", "weight"))


class StandardPopulationWeight(models.Model):
    standard = models.ForeignKey(
        StandardPopulation, on_delete=models.CASCADE, related_name="weights"
    )
    age_group = models.CharField(
        max_length=5, choices=[c for c in AGE_GROUP_CHOICES if c[0] in AGE_BANDS]
    )
    weight = models.PositiveIntegerField()

    class Meta:
        ordering = ["standard", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "age_group"], name="one_weight_per_band"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.slug} {self.age_group}: {self.weight}"
