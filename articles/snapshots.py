"""An article as stored in one django-reversion revision.

Publishing and the approver's preview read the submitted revision itself, not
the working tables, so what is approved is exactly what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reversion.models import Revision

from articles.models import Article, Reference, Section
from figures.models import Figure, FigurePlacement


@dataclass
class ArticleSnapshot:
    article_id: int
    fields: dict[str, Any]
    sections: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    # Placement key -> the placed figure's fields, as saved in the revision.
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_revision(cls, revision: Revision, article_id: int) -> ArticleSnapshot:
        snapshot: ArticleSnapshot | None = None
        sections: list[dict[str, Any]] = []
        references: list[dict[str, Any]] = []
        placements: list[dict[str, Any]] = []
        figures: dict[int, dict[str, Any]] = {}
        for version in revision.version_set.select_related("content_type"):
            model = version.content_type.model_class()
            data = version.field_dict
            if model is Article and int(version.object_id) == article_id:
                snapshot = cls(article_id=article_id, fields=data)
            elif model is Section and data.get("article_id") == article_id:
                sections.append(data)
            elif model is Reference and data.get("article_id") == article_id:
                references.append(data)
            elif model is FigurePlacement and data.get("article_id") == article_id:
                placements.append(data)
            elif model is Figure:
                figures[int(version.object_id)] = data
        if snapshot is None:
            raise ValueError(
                f"Revision {revision.pk} does not hold article {article_id}."
            )
        snapshot.sections = sorted(sections, key=lambda s: (s["position"], s["id"]))
        snapshot.references = sorted(references, key=lambda r: (r["position"], r["id"]))
        snapshot.figures = {
            p["key"]: figures[p["figure_id"]]
            for p in placements
            if p["figure_id"] in figures
        }
        return snapshot

    @classmethod
    def from_working_copy(cls, article: Article) -> ArticleSnapshot:
        """The article as saved in the working tables (for checks during a save,
        before django-reversion has written the revision)."""
        from django.forms.models import model_to_dict

        fields = model_to_dict(article)
        fields["cancer_types"] = [c.pk for c in fields.get("cancer_types", [])]
        fields["medical_editors"] = [u.pk for u in fields.get("medical_editors", [])]
        return cls(
            article_id=article.pk,
            fields=fields,
            sections=[model_to_dict(s) for s in article.sections.all()],
            references=[model_to_dict(r) for r in article.references.all()],
            figures={
                p.key: figure_fields(p.figure)
                for p in article.figure_placements.select_related("figure")
            },
        )

    def source(self) -> dict[str, Any]:
        """What a diff between two published versions compares, as plain text."""
        return {
            "title": self.fields["title"],
            "summary": self.fields["summary"],
            "sections": [
                {"anchor": s["anchor"], "heading": s["heading"], "body": s["body"]}
                for s in self.sections
            ],
            "references": [citation_text(r) for r in self.references],
        }


def figure_fields(figure: Figure) -> dict[str, Any]:
    """A figure's fields as a revision stores them (model_to_dict would leave
    out the file names, which forms cannot edit)."""
    return {
        f.attname: f.value_from_object(figure) for f in Figure._meta.concrete_fields
    }


def citation_text(reference: dict[str, Any]) -> str:
    parts = [reference["authors"], reference["title"], reference["journal"]]
    text = ". ".join(p for p in parts if p) + f" {reference['year']}."
    if reference.get("pmid"):
        text += f" PMID {reference['pmid']}."
    if reference.get("doi"):
        text += f" doi:{reference['doi']}"
    return text
