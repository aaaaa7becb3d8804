"""A dataset as stored in one django-reversion revision.

Publishing and the approver's preview read the submitted revision itself, not
the working tables, so what is approved is exactly what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reversion.models import Revision

from epidemiology.models import Dataset, Source
from epidemiology.tables import (
    IncidenceRecord,
    SiteShareRecord,
    parse_incidence_text,
    parse_site_text,
)


@dataclass
class DatasetSnapshot:
    dataset_id: int
    fields: dict[str, Any]
    source: dict[str, Any]
    incidence: list[IncidenceRecord] = field(default_factory=list)
    sites: list[SiteShareRecord] = field(default_factory=list)

    @classmethod
    def from_revision(cls, revision: Revision, dataset_id: int) -> DatasetSnapshot:
        fields: dict[str, Any] | None = None
        sources: dict[int, dict[str, Any]] = {}
        for version in revision.version_set.select_related("content_type"):
            model = version.content_type.model_class()
            if model is Dataset and int(version.object_id) == dataset_id:
                fields = version.field_dict
            elif model is Source:
                sources[int(version.object_id)] = version.field_dict
        if fields is None:
            raise ValueError(
                f"Revision {revision.pk} does not hold dataset {dataset_id}."
            )
        source = sources.get(fields["source_id"])
        if source is None:
            # Revisions always follow the source; this guards hand-made ones.
            source = Source.objects.filter(pk=fields["source_id"]).values().get()
        return cls(
            dataset_id=dataset_id,
            fields=fields,
            source=source,
            incidence=parse_incidence_text(fields["incidence_table"])
            if fields["incidence_table"]
            else [],
            sites=parse_site_text(fields["site_table"]) if fields["site_table"] else [],
        )
