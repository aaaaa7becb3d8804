"""One live procedure surrounded by work readers must never find: a rejected,
a pending and a draft revision, an article never approved and one unpublished.
Each carries its own secret word, code and address, so the finding pages
(search, codes, the A to Z index, the home page, the sitemap) can be checked
against all of them at once."""

from __future__ import annotations

from django.contrib.auth.models import User

from articles.models import Article
from oncolex.review import services
from tests.factories import make_cancer_type, published_article, save_article

LIVE_WORD = "approvedtext"
LIVE_CODE = "JLC30"
SECRET_WORDS = [
    "rejectedsecret",
    "pendingsecret",
    "draftsecret",
    "orphansecret",
    "withdrawnsecret",
]
SECRET_CODES = ["C97", "C98", "C99", "D01", "D02"]
SECRET_SLUGS = ["draft-slug", "never-published", "withdrawn"]


def procedure(word: str, **fields: object) -> dict[str, object]:
    return {
        "kind": "procedure",
        "chapter": "",
        "procedure_type": "surgery",
        "summary": f"Summary {word}.",
        "sections": [("steps", "Steps", f"Body {word}.")],
        **fields,
    }


def make_unapproved_work(editor: User, approver: User) -> Article:
    cancer_type = make_cancer_type("net", name_en="Neuroendocrine tumours")
    live, _ = published_article(
        editor=editor,
        approver=approver,
        cancer_type=cancer_type,
        **procedure(
            LIVE_WORD,
            title="Liver resection",
            slug="liver-resection",
            icd10_codes="C17",
            ncsp_codes=LIVE_CODE,
        ),
    )
    rejected, pending, draft, orphan, withdrawn = SECRET_WORDS
    save_article(
        user=editor,
        article=live,
        **procedure(rejected, title=f"Resection {rejected}", icd10_codes="C17 C97"),
    )
    services.reject(
        submission=services.submit(obj=live, user=editor), user=approver, reason="No"
    )
    save_article(
        user=editor,
        article=live,
        **procedure(pending, title=f"Resection {pending}", icd10_codes="C17 C98"),
    )
    services.submit(obj=live, user=editor)
    save_article(
        user=editor,
        article=live,
        **procedure(
            draft, title=f"Resection {draft}", slug="draft-slug", icd10_codes="C99"
        ),
    )
    save_article(
        user=editor,
        cancer_type=cancer_type,
        **procedure(
            orphan, title=f"Biopsy {orphan}", slug="never-published", icd10_codes="D01"
        ),
    )
    gone, _ = published_article(
        editor=editor,
        approver=approver,
        cancer_type=cancer_type,
        **procedure(
            withdrawn, title=f"Biopsy {withdrawn}", slug="withdrawn", icd10_codes="D02"
        ),
    )
    services.unpublish(obj=gone, user=approver, comment="Withdrawn")
    return live
