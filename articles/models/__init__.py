from articles.models.published import PublishedArticle, PublishedArticleQuerySet
from articles.models.working import (
    Article,
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
    "ArticleKind",
    "CancerType",
    "ChapterType",
    "Language",
    "ProcedureType",
    "PublishedArticle",
    "PublishedArticleQuerySet",
    "Reference",
    "Section",
]
