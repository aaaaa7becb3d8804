"""The weekly digest: each medical editor's articles whose review is overdue
or due within 30 days."""

from __future__ import annotations

import datetime

from django.urls import reverse

from articles.models import Article
from oncolex import dates
from workspace.models import Mail, MailKind
from workspace.notifications import admin_url, compose, object_admin_url, profiles_of

DUE_SOON_DAYS = 30


def digest_mails(*, today: datetime.date) -> list[Mail]:
    """Write (and save) one digest per medical editor who has reviews due,
    wants the digest and has an address."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = Article.objects.filter(next_review_due__lte=soon).order_by(
        "next_review_due", "title"
    )
    editors_of = Article.medical_editors.through.objects.filter(
        article__in=due
    ).select_related("user")
    articles = {a.pk: a for a in due}
    per_editor: dict[int, list[Article]] = {}
    people = {}
    for link in editors_of:
        people[link.user_id] = link.user
        per_editor.setdefault(link.user_id, []).append(articles[link.article_id])
    people = {pk: u for pk, u in people.items() if u.is_active and u.email}
    profiles = profiles_of(list(people.values()))
    mails = []
    for pk, person in people.items():
        if not profiles[pk].wants(MailKind.DIGEST):
            continue
        mine = sorted(per_editor[pk], key=lambda a: (a.next_review_due, a.title))
        rows = [
            {
                "article": a,
                "overdue": dates.review_overdue(a.next_review_due),
                "url": object_admin_url(a),
            }
            for a in mine
        ]
        mails.append(
            compose(
                kind=MailKind.DIGEST,
                recipient=person,
                language=profiles[pk].language,
                context={
                    "overdue": [r for r in rows if r["overdue"]],
                    "due_soon": [r for r in rows if not r["overdue"]],
                    "count": len(rows),
                    "today": today,
                    "cycle_url": admin_url(
                        reverse("admin:articles_articledueforreview_changelist")
                    ),
                    "profile_url": admin_url(reverse("workspace:profile")),
                },
            )
        )
    return Mail.objects.bulk_create(mails)
