"""What editors and approvers are told about an article beyond its own form:
broken links, translations that fell behind, the review state of each revision."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article, Language, PublishedArticle, PublishedLink
from articles.snapshots import ArticleSnapshot
from oncolex.review.models import Submission


def draft_link_problems(article: Article) -> list[str]:
    """Links and citations in the saved working copy that readers would see as
    plain text (the target is not published, or there is no such reference)."""
    from articles.publishing import published_link_resolver, render_article

    snapshot = ArticleSnapshot.from_working_copy(article)
    rendered = render_article(
        snapshot, resolve_link=published_link_resolver(article.language)
    )
    return rendered.problems


def inbound_link_problems(
    article: Article, *, anchors: list[str] | None = None
) -> list[str]:
    """Live articles whose links into `article` lead nowhere now.

    `anchors` are those of the version to check against (default: the live one);
    an unpublished article breaks every inbound link.
    """
    current = article.published_versions.current().only("slug", "anchors").first()
    slugs = {article.slug, *article.published_versions.values_list("slug", flat=True)}
    if current is not None and anchors is None:
        anchors = current.anchors
    problems = []
    links = (
        PublishedLink.objects.filter(target_slug__in=slugs, version__is_current=True)
        .exclude(version__article=article)
        .select_related("version")
        .order_by("version__title")
    )
    for link in links:
        target = f"{link.target_slug}#{link.target_anchor}".rstrip("#")
        if current is None or link.target_slug != current.slug:
            reason = _("this article is not published at that address")
        elif link.target_anchor and link.target_anchor not in (anchors or []):
            reason = _("the section is gone")
        else:
            continue
        problems.append(
            _("“%(source)s” links to %(target)s, but %(reason)s.")
            % {"source": link.version.title, "target": target, "reason": reason}
        )
    return problems


def translation_notice(article: Article) -> str:
    """Say so when the twin in the other language was revised after this
    article's live version was approved (the rule is PublishedArticle.is_behind)."""
    if article.translation_id is None:
        return ""
    versions = {
        v.article_id: v
        for v in PublishedArticle.objects.current()
        .filter(article_id__in=[article.pk, article.translation_id])
        .only(
            "article_id",
            "approved_at",
            "language",
            "number",
            "translation_number_at_approval",
        )
    }
    mine, theirs = versions.get(article.pk), versions.get(article.translation_id)
    if mine is None or not mine.is_behind(theirs):
        return ""
    return _(
        "The %(language)s version was revised on %(date)s, after this one was "
        "approved: check whether its changes belong here too."
    ) % {
        "language": Language(theirs.language).label,
        "date": date_format(theirs.approved_at, "DATE_FORMAT"),
    }


def reader_numbers(article: Article) -> dict[int, int]:
    """Revision id -> the version number readers know it by (v1, v2...)."""
    return dict(
        PublishedArticle.objects.filter(article=article).values_list(
            "revision_id", "number"
        )
    )


def review_states(article: Article) -> dict[int, str]:
    """Revision id -> what happened to it in review, for the history page."""
    states: dict[int, str] = {}
    for submission in Submission.objects.for_object(article).order_by("submitted_at"):
        states[submission.revision_id] = submission.get_state_display()
    for version in PublishedArticle.objects.filter(article=article).only(
        "revision_id", "number", "is_current"
    ):
        label = _("published as version %(n)s") % {"n": version.number}
        if version.is_current:
            label += " " + _("(live)")
        states[version.revision_id] = label
    return states
