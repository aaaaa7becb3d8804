from articles.models.published import (
    PublishedArticle,
    PublishedArticleCancerType,
    PublishedArticleQuerySet,
    PublishedCancerType,
    PublishedLink,
)
from articles.models.working import (
    Article,
    ArticleDueForReview,
    ArticleKind,
    CancerType,
    ChapterType,
    Language,
    ProcedureType,
    Reference,
    Section,
)

__all__ = [
    "Article",
    "ArticleDueForReview",
    "ArticleKind",
    "CancerType",
    "ChapterType",
    "Language",
    "ProcedureType",
    "PublishedArticle",
    "PublishedArticleCancerType",
    "PublishedArticleQuerySet",
    "PublishedCancerType",
    "PublishedLink",
    "Reference",
    "Section",
]
