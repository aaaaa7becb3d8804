"""Writes the demo catalogue through the same paths as editors and approvers:
one reversion revision per article, then submit and approve."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO
from typing import TYPE_CHECKING

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from articles.demo.catalogue import (
    APPROVER,
    ARTICLES,
    CANCER_TYPES,
    FIGURES,
    USERS,
    DemoArticle,
    DemoUser,
)
from articles.demo.drawings import DRAWINGS
from articles.models import Article, CancerType, Reference, Section
from articles.services import link_translation
from epidemiology.models import Dataset
from figures import services as figure_services
from figures.images import clean_image
from figures.models import Figure, FigurePlacement
from oncolex.review import registry, services
from oncolex.review.models import Submission
from oncolex.two_factor import ensure_backup_codes, needs_second_factor

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DemoError(Exception):
    """The database is not in a state the demo can be loaded into."""


@dataclass
class Login:
    username: str
    # None when the account exists with another password than the demo one.
    password: str | None
    role: str
    full_name: str
    # Single-use second-factor codes, for the accounts that need one.
    backup_codes: list[str] = field(default_factory=list)


@dataclass
class DemoReport:
    users_created: list[str] = field(default_factory=list)
    cancer_types_created: list[str] = field(default_factory=list)
    cancer_types_published: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)


def load_demo() -> DemoReport:
    """Load the demo; what is already there is left as it is.

    Steps: the accounts, the cancer types, then every article that does not
    exist yet in its language: saved in one revision by its author, submitted by
    the author and approved by the approver, in catalogue order so that internal
    links find their published targets. All or nothing.
    """
    report = DemoReport()
    with transaction.atomic():
        users = _ensure_users(report)
        # The NET articles show these datasets: they must be published first.
        call_command("load_demo_epidemiology", stdout=StringIO())
        cancer_types = _ensure_cancer_types(users["admin"], report)
        _publish_cancer_types(cancer_types, users=users, report=report)
        figures = _ensure_figures(users["editor"])
        for demo in ARTICLES:
            _ensure_article(
                demo,
                users=users,
                cancer_types=cancer_types,
                figures=figures,
                report=report,
            )
    return report


def _ensure_users(report: DemoReport) -> dict[str, User]:
    UserModel = get_user_model()
    users: dict[str, User] = {}
    for demo in USERS:
        user = UserModel.objects.filter(username=demo.username).first()
        if user is None:
            user = _create_user(demo)
            report.users_created.append(demo.username)
            password: str | None = demo.password
        else:
            # A developer may have changed it: only print what still works.
            password = demo.password if user.check_password(demo.password) else None
        if demo.group:
            # Adding an existing membership is a no-op, so reruns add no rows.
            user.groups.add(_group(demo.group))
        users[demo.username] = user
        report.logins.append(
            Login(
                username=demo.username,
                password=password,
                role=demo.group or "superuser",
                full_name=user.get_full_name(),
                backup_codes=(
                    ensure_backup_codes(user) if needs_second_factor(user) else []
                ),
            )
        )
    return users


def _create_user(demo: DemoUser) -> User:
    UserModel = get_user_model()
    fields = {
        "email": demo.email,
        "first_name": demo.first_name,
        "last_name": demo.last_name,
    }
    if demo.is_superuser:
        return UserModel.objects.create_superuser(
            demo.username, password=demo.password, **fields
        )
    return UserModel.objects.create_user(
        demo.username, password=demo.password, is_staff=True, **fields
    )


def _group(name: str) -> Group:
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist:
        raise DemoError(
            f"The group {name!r} is missing: run `manage.py migrate` first."
        ) from None


def _ensure_cancer_types(admin: User, report: DemoReport) -> dict[str, CancerType]:
    existing = {ct.slug: ct for ct in CancerType.objects.all()}
    for demo in CANCER_TYPES:
        if demo.slug in existing:
            continue
        with reversion.create_revision():
            reversion.set_user(admin)
            reversion.set_comment("Demo cancer type")
            cancer_type = CancerType(
                slug=demo.slug,
                name_en=demo.name_en,
                name_nb=demo.name_nb,
                icd10_codes=demo.icd10_codes,
                menu_position=demo.menu_position,
            )
            cancer_type.full_clean()
            cancer_type.save()
            existing[demo.slug] = cancer_type
            report.cancer_types_created.append(demo.slug)
    return existing


def _publish_cancer_types(
    cancer_types: dict[str, CancerType], *, users: dict[str, User], report: DemoReport
) -> None:
    """Readers see reviewed cancer types only: the demo's go through review like
    any editor's, once (a cancer type published before is left as it is)."""
    for demo in CANCER_TYPES:
        cancer_type = cancer_types[demo.slug]
        if cancer_type.published_versions.exists():
            continue
        pending = Submission.objects.for_object(cancer_type).pending().first()
        submission = pending or services.submit(
            obj=cancer_type, user=users["admin"], comment="Demo cancer type."
        )
        services.approve(
            submission=submission,
            user=users[APPROVER],
            note="First published version.",
        )
        report.cancer_types_published.append(demo.slug)


def _ensure_figures(editor: User) -> dict[str, Figure]:
    """The demo's drawings as figures, uploaded the way the admin does it:
    validated, re-encoded and stored under their SHA-256."""
    existing = {figure.name: figure for figure in Figure.objects.all()}
    missing = [demo for demo in FIGURES if demo.name not in existing]
    if missing:
        with reversion.create_revision():
            reversion.set_user(editor)
            reversion.set_comment("Demo figures")
            for demo in missing:
                figure = Figure(
                    name=demo.name,
                    alt_en=demo.alt_en,
                    alt_nb=demo.alt_nb,
                    caption_en=demo.caption_en,
                    caption_nb=demo.caption_nb,
                    credit=demo.credit,
                    licence=demo.licence,
                )
                drawing = DRAWINGS[demo.name]()
                figure_services.attach_image(
                    figure, clean_image(drawing, f"{demo.name}.png")
                )
                figure.full_clean()
                figure.save()
                existing[demo.name] = figure
    return existing


def _ensure_article(
    demo: DemoArticle,
    *,
    users: dict[str, User],
    cancer_types: dict[str, CancerType],
    figures: dict[str, Figure],
    report: DemoReport,
) -> None:
    label = f"{demo.title} ({demo.language})"
    if Article.objects.filter(language=demo.language, slug__iexact=demo.slug).exists():
        report.already_present.append(label)
        return
    article = _save_first_revision(
        demo, users=users, cancer_types=cancer_types, figures=figures
    )
    if article.translation is not None:
        link_translation(article=article)
    author = users[demo.author]
    submission = services.submit(
        obj=article, user=author, comment="Demo content, ready for review."
    )
    # The approver's review page would show these; the command says them aloud.
    _, problems = registry.adapter_for(article).preview(article, submission.revision_id)
    report.problems.extend(f"{label}: {problem}" for problem in problems)
    version = services.approve(
        submission=submission,
        user=users[APPROVER],
        note=demo.approval_note,
        # The colorectal chapter's review date has passed on purpose (see the
        # catalogue): readers and the admin then show "review overdue".
        confirm_past_review_date=True,
    )
    report.published.append(f"{label} v{version.number}")
    if demo.added_in_version_2:
        _publish_version_2(demo, article, users=users, report=report)


def _publish_version_2(
    demo: DemoArticle, article: Article, *, users: dict[str, User], report: DemoReport
) -> None:
    """Another editor completes the text; the approver publishes it as v2."""
    author = users[demo.version_2_author]
    with reversion.create_revision():
        reversion.set_user(author)
        reversion.set_comment("Demo content: completed the text")
        bodies = {anchor: body for anchor, _heading, body in demo.sections}
        for section in article.sections.all():
            if section.body != bodies[section.anchor]:
                section.body = bodies[section.anchor]
                section.full_clean()
                section.save()
        # The article itself joins the revision, with all its sections.
        article.save()
    submission = services.submit(obj=article, user=author, comment="Completed.")
    version = services.approve(
        submission=submission, user=users[APPROVER], note=demo.version_2_note
    )
    report.published.append(f"{demo.title} ({demo.language}) v{version.number}")


def _save_first_revision(
    demo: DemoArticle,
    *,
    users: dict[str, User],
    cancer_types: dict[str, CancerType],
    figures: dict[str, Figure],
) -> Article:
    twin = None
    if demo.translation_of:
        twin = (
            Article.objects.exclude(language=demo.language)
            .filter(slug=demo.translation_of)
            .first()
        )
        if twin is None:
            raise DemoError(
                f"{demo.slug}: its translation {demo.translation_of!r} is missing."
            )
    article = Article(
        kind=demo.kind,
        chapter=demo.chapter,
        procedure_type=demo.procedure_type,
        language=demo.language,
        title=demo.title,
        slug=demo.slug,
        translation=twin,
        summary=demo.summary,
        icd10_codes=demo.icd10_codes,
        last_reviewed=demo.last_reviewed,
        next_review_due=demo.next_review_due,
    )
    article.full_clean()
    with reversion.create_revision():
        reversion.set_user(users[demo.author])
        reversion.set_comment("Demo content: first draft")
        article.save()
        article.cancer_types.add(
            *(
                cancer_types[slug]
                for slug in (demo.cancer_type, *demo.more_cancer_types)
            )
        )
        article.medical_editors.add(*(users[name] for name in demo.medical_editors))
        datasets = dict(demo.datasets)
        for position, (anchor, heading, body) in enumerate(demo.first_sections):
            section = Section(
                article=article,
                position=position,
                anchor=anchor,
                heading=heading,
                body=body,
                dataset=(
                    Dataset.objects.get(slug=datasets[anchor])
                    if anchor in datasets
                    else None
                ),
            )
            section.full_clean()
            section.save()
        for position, fields in enumerate(demo.references):
            reference = Reference(article=article, position=position, **fields)
            reference.full_clean()
            reference.save()
        for key, name in demo.figures:
            FigurePlacement.objects.create(
                article=article, key=key, figure=figures[name]
            )
    return article
