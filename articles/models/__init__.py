from articles.models.published import (
    PublishedArticle,
    PublishedArticleCancerType,
    PublishedArticleQuerySet,
    PublishedCancerType,
    PublishedCode,
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
    "PublishedCode",
    "PublishedLink",
    "Reference",
    "Section",
]
