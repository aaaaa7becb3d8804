from epidemiology.models.published import PublishedDataset, PublishedDatasetQuerySet
from epidemiology.models.standards import StandardPopulation, StandardPopulationWeight
from epidemiology.models.working import (
    Dataset,
    IncidenceRow,
    SiteShareRow,
    Source,
)

__all__ = [
    "Dataset",
    "IncidenceRow",
    "PublishedDataset",
    "PublishedDatasetQuerySet",
    "SiteShareRow",
    "Source",
    "StandardPopulation",
    "StandardPopulationWeight",
]
