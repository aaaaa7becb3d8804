"""What changed between two versions of an article, as readers see them.

Each version is first reduced to a `DiffSide`: its details (title, summary,
codes, cancer types, editors, review dates, twin link, embedded tables) as
display text, and its rendered, sanitised page body with its references. The
body goes through the one diff engine (`oncolex.htmldiff`); the details are
compared word by word. The same sides serve the approver's review page, the
admin compare of any two revisions and the public compare of two published
versions; where a side comes from (a revision rendered now, or a published
record's stored HTML) is the caller's business (see `articles.publishing`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.embedded_tables import dataset_ids
from articles.rendering import as_current_markup
from epidemiology.selectors import published_tables
from oncolex import htmldiff, linediff

if TYPE_CHECKING:
    from articles.models import CancerType, PublishedArticle

# The details compared, in the order the approver reads them.
DETAILS = (
    ("title", gettext_lazy("Title")),
    ("summary", gettext_lazy("Summary")),
    ("place", gettext_lazy("Place")),
    ("cancer_types", gettext_lazy("Cancer types")),
    ("icd10_codes", gettext_lazy("ICD-10 codes")),
    ("ncsp_codes", gettext_lazy("NCSP codes")),
    ("ncmp_codes", gettext_lazy("NCMP codes")),
    ("medical_editors", gettext_lazy("Medical editors")),
    ("last_reviewed", gettext_lazy("Last reviewed")),
    ("next_review_due", gettext_lazy("Next review due")),
    ("translation", gettext_lazy("Linked translation")),
    ("datasets", gettext_lazy("Embedded tables")),
)
# Said in the summary line when the detail changed.
_CHANGED = {
    "title": gettext_lazy("title changed"),
    "summary": gettext_lazy("summary changed"),
    "place": gettext_lazy("place changed"),
    "cancer_types": gettext_lazy("cancer types changed"),
    "icd10_codes": gettext_lazy("ICD-10 codes changed"),
    "ncsp_codes": gettext_lazy("NCSP codes changed"),
    "ncmp_codes": gettext_lazy("NCMP codes changed"),
    "medical_editors": gettext_lazy("medical editors changed"),
    "last_reviewed": gettext_lazy("last review date changed"),
    "next_review_due": gettext_lazy("next review date changed"),
    "translation": gettext_lazy("linked translation changed"),
    "datasets": gettext_lazy("embedded tables changed"),
}
_PLACEHOLDER = re.compile(r"<!--oncolex:dataset:(\d+)-->")


@dataclass
class DiffSide:
    """One version of an article, ready to compare."""

    details: dict[str, str]
    body_html: str
    references_html: str
    # The Markdown the editors wrote, for the source diff.
    source_text: str = ""
    dataset_ids: list[int] = field(default_factory=list)


@dataclass
class DetailChange:
    name: str
    label: str
    html: SafeString


@dataclass
class ArticleDiff:
    details: list[DetailChange]
    body_html: SafeString
    summary: list[str]
    has_old: bool

    @property
    def is_empty(self) -> bool:
        return not self.summary


def dataset_labels(ids: Iterable[int], *, language: str) -> dict[int, str]:
    """What an embedded table is called in a diff: its live published title
    (one query for all of them), or a note that it is not published."""
    found = published_tables(ids)
    return {
        dataset_id: (
            found[dataset_id].title_in(language)
            if dataset_id in found
            else _("dataset #%(id)s, not published: readers see no table")
            % {"id": dataset_id}
        )
        for dataset_id in ids
    }


def with_dataset_blocks(html: str, labels: dict[int, str]) -> str:
    """Stored pages mark an embedded table with a comment; in a diff it is one
    block naming the table (its numbers are reviewed with the dataset)."""

    def block(match: re.Match[str]) -> str:
        label = labels.get(int(match.group(1)), match.group(1))
        return format_html('<p class="embedded-dataset">{} {}</p>', _("Table:"), label)

    return _PLACEHOLDER.sub(block, html)


def embedded_ids(html: str) -> list[int]:
    """The embedded datasets in page order."""
    return [int(n) for n in _PLACEHOLDER.findall(html)] if dataset_ids(html) else []


def _page(side: DiffSide, labels: dict[int, str]) -> str:
    references = ""
    if side.references_html:
        references = format_html(
            '<section id="references"><h2>{}</h2>', _("References")
        ) + mark_safe(side.references_html + "</section>")
    return with_dataset_blocks(side.body_html, labels) + references


def compare_sides(
    old: DiffSide | None,
    new: DiffSide,
    *,
    labels_for: Callable[[Iterable[int]], dict[int, str]],
) -> ArticleDiff:
    """The diff of two sides (old is None when nothing was published before)."""
    ids = set(new.dataset_ids) | set(old.dataset_ids if old else [])
    labels = labels_for(ids) if ids else {}
    old_details = _with_datasets(old, labels) if old else {}
    new_details = _with_datasets(new, labels)
    details = []
    for name, label in DETAILS:
        before, after = old_details.get(name, ""), new_details.get(name, "")
        if old is not None and before != after:
            details.append(
                DetailChange(
                    name, str(label), mark_safe(htmldiff.text_diff(before, after))
                )
            )
    body = htmldiff.diff_html(_page(old, labels) if old else "", _page(new, labels))
    summary = body.counts.phrases() + [str(_CHANGED[d.name]) for d in details]
    return ArticleDiff(
        details=details,
        # Sanitised by htmldiff.diff_html.
        body_html=mark_safe(body.html),
        summary=summary,
        has_old=old is not None,
    )


def _with_datasets(side: DiffSide, labels: dict[int, str]) -> dict[str, str]:
    names = [labels.get(n, str(n)) for n in side.dataset_ids]
    return {**side.details, "datasets": "; ".join(names)}


def source_diff(old: DiffSide | None, new: DiffSide) -> list[linediff.Line]:
    """The Markdown the editors wrote, line by line."""
    return linediff.line_diff(old.source_text if old else "", new.source_text)


def source_text(
    details: dict[str, str],
    sections: list[dict[str, str]],
    references: list[str],
) -> str:
    """One version as the Markdown and fields its editors wrote, as one text."""
    lines = [f"# {details.get('title', '')}", "", details.get("summary", ""), ""]
    for name, label in DETAILS[2:-1]:
        if details.get(name):
            lines.append(f"{label}: {details[name]}")
    for section in sections:
        lines += ["", f"## {section['heading']} {{#{section['anchor']}}}", ""]
        lines += section["body"].splitlines()
    if references:
        references_heading = _("References")
        lines += ["", f"## {references_heading}", ""]
        lines += [f"{n}. {text}" for n, text in enumerate(references, 1)]
    return "\n".join(lines)


def place_label(kind: str, chapter: str, procedure_type: str) -> str:
    from articles.models import ArticleKind, ChapterType, ProcedureType

    labels = [str(ArticleKind(kind).label)] if kind in ArticleKind.values else []
    if chapter in ChapterType.values:
        labels.append(str(ChapterType(chapter).label))
    if procedure_type in ProcedureType.values:
        labels.append(str(ProcedureType(procedure_type).label))
    return ", ".join(labels)


def date_label(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def twin_label(article_id: int | None, title: str = "") -> str:
    if not article_id:
        return ""
    label = _("article #%(id)s") % {"id": article_id}
    return f"{title} ({label})" if title else label


def published_side(
    version: PublishedArticle, cancer_types: Iterable[CancerType]
) -> DiffSide:
    """A published version from what it stored at approval (or an unsaved one
    built from a revision the same way)."""
    language = version.language
    sections = version.source.get("sections", [])
    details = {
        "title": version.title,
        "summary": version.summary,
        "place": place_label(version.kind, version.chapter, version.procedure_type),
        "cancer_types": ", ".join(sorted(ct.name_in(language) for ct in cancer_types)),
        "icd10_codes": version.icd10_codes,
        "ncsp_codes": version.ncsp_codes,
        "ncmp_codes": version.ncmp_codes,
        "medical_editors": version.editor_names,
        "last_reviewed": date_label(version.last_reviewed),
        "next_review_due": date_label(version.next_review_due),
        "translation": twin_label(version.translation_article_id),
    }
    return DiffSide(
        details=details,
        body_html=as_current_markup(version.body_html),
        references_html=version.references_html,
        source_text=source_text(
            details, sections, version.source.get("references", [])
        ),
        dataset_ids=embedded_ids(version.body_html),
    )
