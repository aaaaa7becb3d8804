"""Approval-time work for articles: snapshot -> rendered, immutable published record."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, override
from reversion.models import Revision

from articles.cancer_types import CANCER_TYPES
from articles.codes import split_codes
from articles.diffs import (
    ArticleDiff,
    DiffSide,
    compare_sides,
    dataset_labels,
    published_side,
    source_diff,
    twin_label,
)
from articles.editorial import inbound_link_problems
from articles.embedded_tables import dataset_ids, fill_dataset_tables
from articles.models import (
    Article,
    CancerType,
    Language,
    PublishedArticle,
    PublishedArticleCancerType,
    PublishedCancerType,
    PublishedLink,
)
from articles.rendering import LinkResolver, figure_keys, render_body
from articles.search import index_published_version
from articles.search.codes import index_codes
from articles.snapshots import ArticleSnapshot
from epidemiology.selectors import published_tables
from figures.blocks import ArticleFigures
from figures.diffs import figure_diff_html
from figures.models import PublishedMedia
from oncolex.review import registry
from oncolex.review.versions import next_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission


@dataclass
class RenderedArticle:
    toc: list[dict[str, str]]
    anchors: list[str]
    body_html: str
    references_html: str
    text: str
    word_count: int
    problems: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def published_link_resolver(language: str) -> LinkResolver:
    """Resolve `article:slug#anchor` against what readers can see right now.

    Prefers the article in the same language; falls back to the other language
    with a note for the reader. Unknown slugs and anchors resolve to None.
    """

    def resolve(slug: str, anchor: str) -> tuple[str, str] | None:
        candidates = {
            version.language: version
            for version in PublishedArticle.objects.current()
            .filter(slug=slug.lower())
            .only("language", "slug", "anchors")
        }
        version = candidates.get(language) or next(iter(candidates.values()), None)
        if version is None or (anchor and anchor not in version.anchors):
            return None
        url = version.get_absolute_url() + (f"#{anchor}" if anchor else "")
        note = ""
        if version.language != language:
            with override(language):
                note = gettext("In %(language)s") % {
                    "language": Language(version.language).label
                }
        return url, note

    return resolve


def article_figures(snapshot: ArticleSnapshot, *, publish: bool) -> ArticleFigures:
    """The revision's figures, numbered in the order the sections place them.
    Only `publish` makes renditions: previews show the stored original."""
    order = [key for s in snapshot.sections for key in figure_keys(s["body"])]
    return ArticleFigures(
        snapshot.figures,
        order,
        language=snapshot.fields["language"],
        publish=publish,
    )


def render_article(
    snapshot: ArticleSnapshot,
    *,
    resolve_link: LinkResolver,
    figures: ArticleFigures | None = None,
) -> RenderedArticle:
    language = snapshot.fields["language"]
    if figures is None:
        figures = article_figures(snapshot, publish=False)
    reference_count = len(snapshot.references)
    toc: list[dict[str, str]] = []
    anchors: list[str] = []
    # Ids the page uses: section anchors, references, figures. Versions
    # approved before December 2026 also gave each section heading the id
    # "<anchor>-h": still reserved, so that no heading inside a section takes
    # it and the anchors of unchanged text stay what they were.
    headings = {f"{s['anchor']}-h" for s in snapshot.sections}
    taken: set[str] = (
        {s["anchor"] for s in snapshot.sections}
        | headings
        | {f"ref-{n}" for n in range(1, reference_count + 1)}
        | figures.anchors()
    )
    parts: list[str] = []
    texts: list[str] = []
    problems: list[str] = []
    links: list[tuple[str, str]] = []

    def recording_resolver(slug: str, anchor: str) -> tuple[str, str] | None:
        links.append((slug, anchor))
        return resolve_link(slug, anchor)

    for section in snapshot.sections:
        body = render_body(
            section["body"],
            anchor_prefix=section["anchor"],
            reference_count=reference_count,
            resolve_link=recording_resolver,
            taken_anchors=taken,
            figures=figures,
        )
        toc.append({"anchor": section["anchor"], "heading": section["heading"]})
        anchors.extend([section["anchor"], *body.anchors])
        parts.append(
            # The heading names the section for readers and screen readers
            # alike; naming each section a landmark too would list 40
            # regions that repeat the headings (and cost 2 KB on such a page).
            format_html(
                '<section id="{}"><h2>{}</h2>', section["anchor"], section["heading"]
            )
            + body.html
            + dataset_placeholder(section.get("dataset_id"))
            + "</section>"
        )
        texts.extend([section["heading"], body.text])
        problems.extend(f"{section['heading']}: {p}" for p in body.problems)
    problems.extend(
        f"Figure {key} is attached but no section places it (![…](figure:{key}))."
        for key in figures.unplaced()
    )
    problems.extend(figures.problems())
    with override(language):
        references_html = render_to_string(
            "articles/_references.html", {"references": snapshot.references}
        )
    text = "\n".join(texts)
    body_html = _unlink_missing_anchors(
        "\n".join(parts), (set(anchors) | taken) - headings, problems
    )
    return RenderedArticle(
        toc=toc,
        anchors=anchors,
        body_html=body_html,
        links=links,
        references_html=references_html,
        text=text,
        word_count=len(text.split()),
        problems=problems,
    )


_IN_PAGE_LINK = re.compile(r'<a href="#([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def _unlink_missing_anchors(html: str, anchors: set[str], problems: list[str]) -> str:
    """An in-page `#anchor` that matches no id becomes plain text, reported."""

    def check(match: re.Match[str]) -> str:
        if match.group(1) in anchors:
            return match.group(0)
        problems.append(f"Link to #{match.group(1)} points at no section or heading.")
        return match.group(2)

    return _IN_PAGE_LINK.sub(check, html)


def dataset_placeholder(dataset_id: int | None) -> str:
    """Where a section's dataset table goes. The table itself is filled in when
    the page is served, from the dataset's own live published version, so a
    dataset approval reaches the article without re-approving the article."""
    return f"<!--oncolex:dataset:{int(dataset_id)}-->" if dataset_id else ""


def render_article_html(
    version: PublishedArticle,
    cancer_types: Iterable[PublishedCancerType] | None = None,
    *,
    preview: bool = False,
) -> str:
    """The <article> element of a published version, from its stored fields, in
    its own language: pages then only wrap stored HTML. A preview (an unsaved
    version) passes its cancer types and leaves out the approval lines."""
    with override(version.language):
        return render_to_string(
            "articles/_published_article.html",
            {
                "version": version,
                # As approved: the cancer types' published names, kept in the
                # version (a preview passes the live ones).
                "cancer_types": version.cancer_type_snapshot
                if cancer_types is None
                else cancer_types,
                "preview": preview,
            },
        )


def _live_twin_number(
    article_id: int, translation_id: int | None, language: str
) -> int | None:
    links = Q(translation_article_id=article_id)
    if translation_id:
        links |= Q(article_id=translation_id)
    return (
        PublishedArticle.objects.current()
        .filter(links)
        .exclude(language=language)
        .values_list("number", flat=True)
        .first()
    )


def _editor_names(user_ids: list[int]) -> str:
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("last_name")
    return ", ".join(user.get_full_name() or user.get_username() for user in users)


def live_cancer_types(ids: list[int]) -> list[PublishedCancerType]:
    """The live published records of these cancer types, in menu order; a
    cancer type nobody approved yet is absent (readers must not see its name)."""
    return list(PublishedCancerType.objects.menu().filter(cancer_type_id__in=ids))


@dataclass
class BuiltVersion:
    """A revision rendered into an unsaved published record: what approval
    saves, and what the preview and the diffs show, from one code path."""

    version: PublishedArticle
    rendered: RenderedArticle
    # The live published cancer types among the revision's (what readers would
    # see), and the ids of all of them (what the version belongs to).
    cancer_types: list[PublishedCancerType]
    cancer_type_ids: list[int]
    cancer_types: list[CancerType]
    # Placement key -> the figure's fields, and the media files the page shows.
    figures: dict[str, dict] = field(default_factory=dict)
    shown_files: set[str] = field(default_factory=set)


def build_version(
    article: Article, revision: Revision, *, publish: bool = False
) -> BuiltVersion:
    """Steps: read the revision; render it (with renditions of its figures only
    when it is being published); fill an unsaved published record."""
    snapshot = ArticleSnapshot.from_revision(revision, article.pk)
    data = snapshot.fields
    figures = article_figures(snapshot, publish=publish)
    rendered = render_article(
        snapshot,
        resolve_link=published_link_resolver(data["language"]),
        figures=figures,
    )
    version = PublishedArticle(
        article=article,
        revision=revision,
        language=data["language"],
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        kind=data["kind"],
        chapter=data["chapter"],
        procedure_type=data["procedure_type"],
        translation_article_id=data.get("translation_id"),
        icd10_codes=" ".join(split_codes(data["icd10_codes"])),
        ncsp_codes=" ".join(split_codes(data["ncsp_codes"])),
        ncmp_codes=" ".join(split_codes(data["ncmp_codes"])),
        editor_names=_editor_names(data.get("medical_editors", [])),
        last_reviewed=data["last_reviewed"],
        next_review_due=data["next_review_due"],
        toc=rendered.toc,
        anchors=rendered.anchors,
        body_html=rendered.body_html,
        references_html=rendered.references_html,
        search_text=rendered.text,
        source=snapshot.source(),
        word_count=rendered.word_count,
    )
    ids = list(dict.fromkeys(data.get("cancer_types", [])))
    cancer_types = live_cancer_types(ids)
    version.cancer_type_snapshot = [ct.as_snapshot() for ct in cancer_types]
    return BuiltVersion(
        version=version,
        rendered=rendered,
        cancer_types=cancer_types,
        cancer_type_ids=ids,
        figures=snapshot.figures,
        shown_files=figures.shown_files,
    )


def publish_article_revision(
    article: Article,
    *,
    submission: Submission,
    approver: AbstractBaseUser,
    approved_at: datetime.datetime,
    note: str,
) -> PublishedArticle:
    """Steps: build the submitted revision; retire the current version; write
    it as version n+1. Runs inside the approval transaction."""
    built = build_version(article, submission.revision, publish=True)
    version = built.version
    for name, value in next_version(
        PublishedArticle.objects.filter(article=article),
        submission=submission,
        approver=approver,
        approved_at=approved_at,
        note=note,
    ).items():
        setattr(version, name, value)
    version.translation_number_at_approval = _live_twin_number(
        article.pk, version.translation_article_id, version.language
    )
    version.save()
    index_published_version(version)
    index_codes(version)
    retire_cancer_type_links(article)
    PublishedArticleCancerType.objects.bulk_create(
        PublishedArticleCancerType(version=version, cancer_type_id=cancer_type_id)
        for cancer_type_id in built.cancer_type_ids
    )
    version.article_html = render_article_html(version)
    version.save(update_fields=["article_html"])
    PublishedLink.objects.bulk_create(
        PublishedLink(
            version=version, target_slug=slug.lower()[:200], target_anchor=anchor[:120]
        )
        for slug, anchor in dict.fromkeys(built.rendered.links)
    )
    # Only files listed here reach readers (figures.views.media).
    PublishedMedia.objects.bulk_create(
        PublishedMedia(version=version, name=name) for name in sorted(built.shown_files)
    )
    return version


def retire_cancer_type_links(article: Article) -> None:
    """The article's links to its cancer types leave the live index (see
    PublishedArticleCancerType.is_current): its versions are retired."""
    PublishedArticleCancerType.objects.filter(
        version__article=article, is_current=True
    ).update(is_current=False)


def built_revision(article: Article, revision_id: int) -> BuiltVersion:
    """`build_version` for the pages that only show a revision. The review page
    shows the same two revisions in a preview and in a diff: they are built
    once per article instance, that is once per request."""
    cache = article.__dict__.setdefault("_built_revisions", {})
    if revision_id not in cache:
        cache[revision_id] = build_version(
            article, Revision.objects.get(pk=revision_id)
        )
    return cache[revision_id]


def revision_problems(article: Article, built: BuiltVersion) -> list[str]:
    """What the approver should check in a revision: broken links, citations,
    tables readers will not see, live links into sections it removes."""
    problems = list(built.rendered.problems)
    body = built.rendered.body_html
    missing = dataset_ids(body) - published_tables(dataset_ids(body)).keys()
    problems.extend(
        f"The table of dataset #{dataset_id} is not published: readers will not "
        "see it until its own approval."
        for dataset_id in sorted(missing)
    )
    if ARTICLES.published_revision_id(article) is not None:
        problems.extend(inbound_link_problems(article, anchors=built.rendered.anchors))
    problems.extend(_unpublished_cancer_types(built))
    return problems


def _unpublished_cancer_types(built: BuiltVersion) -> list[str]:
    live = {ct.cancer_type_id for ct in built.cancer_types}
    return [
        gettext(
            "The cancer type “%(name)s” is not published: readers will not see "
            "it in this article's breadcrumbs until it is approved."
        )
        % {"name": cancer_type}
        for cancer_type in CancerType.objects.filter(
            pk__in=set(built.cancer_type_ids) - live
        )
    ]


def preview_revision(
    article: Article, revision_id: int
) -> tuple[SafeString, list[str]]:
    """Any revision rendered as readers would see it, for the approver."""
    built = built_revision(article, revision_id)
    version = built.version
    heading = format_html("<h1>{}</h1><p>{}</p>", version.title, version.summary)
    body = fill_dataset_tables(version.body_html, language=version.language)
    # Everything here was escaped or sanitised by render_article.
    html = mark_safe(heading + body + version.references_html)
    return html, revision_problems(article, built)


@dataclass
class Preview:
    """A revision in the public article template, as readers would see it."""

    version: PublishedArticle
    article_html: str
    translation: PublishedArticle | None
    problems: list[str]


def preview_page(article: Article, revision_id: int) -> Preview:
    """Steps: build the revision as approval would; render its <article> as
    approval would (without the approval lines); add what the public page adds
    when served (live tables, live twin, dead links unlinked)."""
    from articles.selectors import neighbours_of

    built = built_revision(article, revision_id)
    version = built.version
    version.article_html = render_article_html(
        version, built.cancer_types, preview=True
    )
    neighbours = neighbours_of(version)
    return Preview(
        version=version,
        article_html=neighbours.article_html,
        translation=neighbours.translation,
        problems=revision_problems(article, built),
    )


def revision_side(article: Article, revision_id: int) -> DiffSide:
    built = built_revision(article, revision_id)
    version = built.version
    twin = (
        Article.objects.filter(pk=version.translation_article_id)
        .values_list("title", flat=True)
        .first()
        if version.translation_article_id
        else None
    )
    side = published_side(version, built.cancer_types)
    side.details["translation"] = twin_label(version.translation_article_id, twin or "")
    return side


def revision_diff(
    article: Article, old_revision_id: int | None, new_revision_id: int
) -> ArticleDiff:
    """The rendered diff of two revisions (old may be None: all new)."""
    new = revision_side(article, new_revision_id)
    old = revision_side(article, old_revision_id) if old_revision_id else None
    language = article.language
    return compare_sides(
        old, new, labels_for=lambda ids: dataset_labels(ids, language=language)
    )


def revision_diff_html(
    article: Article, old_revision_id: int | None, new_revision_id: int
) -> SafeString:
    """What changed from one revision to another, block by block, as readers
    will see it (old may be None when nothing is published yet)."""
    diff = revision_diff(article, old_revision_id, new_revision_id)
    # Figures also get a summary of their own: old and new thumbnails and the
    # fields that changed, an image swap included, which text cannot show.
    old_figures = (
        built_revision(article, old_revision_id).figures if old_revision_id else {}
    )
    return mark_safe(
        render_to_string("articles/_diff.html", {"diff": diff})
        + figure_diff_html(
            old_figures, built_revision(article, new_revision_id).figures
        )
    )


def revision_source_diff_html(
    article: Article, old_revision_id: int | None, new_revision_id: int
) -> SafeString:
    """The Markdown and fields the editors wrote, line by line."""
    new = revision_side(article, new_revision_id)
    old = revision_side(article, old_revision_id) if old_revision_id else None
    return mark_safe(
        render_to_string(
            "articles/_source_diff.html",
            {"lines": source_diff(old, new), "has_old": old is not None},
        )
    )


class ArticleAdapter(registry.ReviewAdapter):
    """How an article is reviewed: the functions above, for the review services."""

    published_model = PublishedArticle
    object_field = "article"

    def publish(
        self,
        obj: Article,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
    ) -> PublishedArticle:
        return publish_article_revision(
            obj,
            submission=submission,
            approver=approver,
            approved_at=approved_at,
            note=note,
        )

    def preview(self, obj: Article, revision_id: int) -> tuple[str, list[str]]:
        return preview_revision(obj, revision_id)

    def unpublish(self, obj: Article, *, at: datetime.datetime) -> None:
        super().unpublish(obj, at=at)
        retire_cancer_type_links(obj)

    def diff(
        self, obj: Article, old_revision_id: int | None, new_revision_id: int
    ) -> str:
        return revision_diff_html(obj, old_revision_id, new_revision_id)

    def source_diff(
        self, obj: Article, old_revision_id: int | None, new_revision_id: int
    ) -> str:
        return revision_source_diff_html(obj, old_revision_id, new_revision_id)

    def preview_url(self, obj: Article, revision_id: int) -> str:
        return reverse("admin:articles_article_preview", args=[obj.pk, revision_id])

    def next_review_due(self, obj: Article, revision: Revision) -> datetime.date | None:
        return ArticleSnapshot.from_revision(revision, obj.pk).fields.get(
            "next_review_due"
        )

    def address(self, obj: Article, revision: Revision) -> dict[str, str]:
        data = ArticleSnapshot.from_revision(revision, obj.pk).fields
        return {"language": data["language"], "slug": data["slug"]}


ARTICLES = ArticleAdapter()
registry.register(Article, ARTICLES)
registry.register(CancerType, CANCER_TYPES)
