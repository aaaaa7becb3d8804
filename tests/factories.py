"""Test data: the named people of our tests and the articles they write.

Every article save goes through a reversion revision, like the admin and the
commands, so the review workflow sees real history.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import reversion
from django.contrib.auth.models import Group, User

from articles.models import Article, CancerType, Reference, Section
from figures.models import Figure, FigurePlacement
from oncolex.review import services
from oncolex.review.groups import APPROVERS, EDITORS
from oncolex.review.signals import transition_committed

_counter = itertools.count(1)


def make_user(username: str, *, group: str | None = None, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        first_name=extra.pop("first_name", username.replace("_", " ").title()),
        last_name=extra.pop("last_name", "Tester"),
        email=extra.pop("email", f"{username}@example.org"),
        is_staff=group is not None,
        **extra,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_editor(username: str = "editor") -> User:
    return make_user(username, group=EDITORS)


def make_approver(username: str = "approver") -> User:
    return make_user(username, group=APPROVERS)


def _helper(username: str, group: str) -> User:
    """A colleague who keeps cancer types reviewed in tests about other things."""
    return User.objects.filter(username=username).first() or make_user(
        username, group=group
    )


def save_cancer_type(
    *, user: User, cancer_type: CancerType | None = None, **fields: Any
) -> CancerType:
    """Create or change a cancer type in one revision, as the admin does."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Edited cancer type")
        if cancer_type is None:
            cancer_type = CancerType.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(cancer_type, name, value)
            cancer_type.save()
    return cancer_type


def make_cancer_type(
    slug: str | None = None, *, published: bool = True, **fields: Any
) -> CancerType:
    """A cancer type, saved by an editor and (unless `published=False`)
    approved, so readers see it, as they see only reviewed cancer types."""
    n = next(_counter)
    slug = slug or f"cancer-type-{n}"
    defaults = {"name_en": f"Cancer type {n}", "name_nb": f"Krefttype {n}"}
    editor = _helper("cancer_type_editor", EDITORS)
    cancer_type = save_cancer_type(user=editor, slug=slug, **{**defaults, **fields})
    if published:
        approver = _helper("menu_approver", APPROVERS)
        # The two colleagues act only here: inactive otherwise, so that no
        # test about other people (mail recipients, dashboards) meets them.
        helpers = User.objects.filter(pk__in=[editor.pk, approver.pk])
        helpers.update(is_active=True)
        editor.is_active = approver.is_active = True
        # Setting the scene is not a transition the test watches: nobody is
        # told of it (in a transactional test the mail would be queued).
        listeners = transition_committed.receivers
        transition_committed.receivers = []
        try:
            publish(cancer_type, editor=editor, approver=approver)
        finally:
            transition_committed.receivers = listeners
            transition_committed.sender_receivers_cache.clear()
        helpers.update(is_active=False)
    return cancer_type


def save_article(
    *,
    user: User,
    article: Article | None = None,
    sections: list[tuple[str, str, str]] | None = None,
    references: list[dict[str, Any]] | None = None,
    comment: str = "Edited",
    cancer_type: CancerType | None = None,
    figures: dict[str, Figure] | None = None,
    **fields: Any,
) -> Article:
    """Create or change an article with its sections and references in one
    revision, as the admin does. `sections` are (anchor, heading, body) or
    (anchor, heading, body, dataset); `figures` maps placement keys to figures."""
    if article is None and cancer_type is None:
        cancer_type = make_cancer_type()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        if article is None:
            n = next(_counter)
            defaults = {
                "kind": "chapter",
                "chapter": "background",
                "language": "en",
                "title": f"Article {n}",
                "slug": f"article-{n}",
                "summary": "A short summary for clinicians.",
                "last_reviewed": datetime.date(2026, 1, 15),
                "next_review_due": datetime.date(2028, 1, 15),
            }
            article = Article.objects.create(**{**defaults, **fields})
            article.cancer_types.add(cancer_type)
        else:
            for name, value in fields.items():
                setattr(article, name, value)
            article.save()
        if sections is not None:
            article.sections.all().delete()
            for position, (anchor, heading, body, *dataset) in enumerate(sections):
                Section.objects.create(
                    article=article,
                    position=position,
                    anchor=anchor,
                    heading=heading,
                    body=body,
                    dataset=dataset[0] if dataset else None,
                )
        if references is not None:
            article.references.all().delete()
            for position, ref in enumerate(references):
                Reference.objects.create(article=article, position=position, **ref)
        if figures is not None:
            article.figure_placements.all().delete()
            for key, figure in figures.items():
                FigurePlacement.objects.create(article=article, key=key, figure=figure)
    return article


DEFAULT_SECTIONS = [
    ("background", "Background", "Published text about tumours [1]."),
    ("grading", "Grading", "Grade by Ki-67 index."),
]
DEFAULT_REFERENCES = [
    {
        "authors": "Hauso O, Gustafsson BI, Kidd M, et al",
        "title": (
            "Neuroendocrine tumor epidemiology: contrasting Norway and North America"
        ),
        "journal": "Cancer",
        "year": 2008,
        "pmid": "18853416",
        "doi": "10.1002/cncr.23883",
    }
]


def publish(
    obj: Any,
    *,
    editor: User,
    approver: User,
    note: str = "First",
    note_nb: str = "Første",
):
    """Submit the object's latest revision as `editor` and approve as `approver`
    (with the Bokmål change note, for content read in both languages)."""
    submission = services.submit(obj=obj, user=editor)
    bilingual = services.bilingual_change_note(obj)
    return services.approve(
        submission=submission,
        user=approver,
        note=note,
        note_nb=note_nb if bilingual else "",
    )


def published_article(
    *, editor: User, approver: User, **fields: Any
) -> tuple[Article, Any]:
    fields.setdefault("sections", DEFAULT_SECTIONS)
    fields.setdefault("references", DEFAULT_REFERENCES)
    article = save_article(user=editor, comment="First draft", **fields)
    return article, publish(article, editor=editor, approver=approver)


def sign_in_with_second_factor(client, user: User) -> None:
    """Sign in as `user` and confirm a backup code on the two-factor page, as
    approvers and superusers must before the admin lets them in."""
    from oncolex.two_factor import ensure_backup_codes

    client.force_login(user)
    code = ensure_backup_codes(user)[0]
    response = client.post("/admin/two-factor/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
