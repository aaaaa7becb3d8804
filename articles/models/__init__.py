from articles.models.published import (
    PublishedArticle,
    PublishedArticleQuerySet,
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
    "PublishedArticleQuerySet",
    "PublishedCode",
    "PublishedLink",
    "Reference",
    "Section",
]
