"""Does a reader's page cost more when the site holds more than it shows?

Readers' pages should cost what they show, not what the database holds: the
same with a small and a large site, with 2 and 40 sections, with 0 and 10
embedded tables. Steps, on a PostgreSQL server (two throwaway databases,
dropped at the end):

1. In each database, through the real services (save, submit, approve): ten
   incidence datasets, and four articles, each in a cancer type of its own
   with a Bokmål twin: `scale-2` (2 sections), `scale-40` (40 sections),
   `scale-10` (10 sections) and `scale-10-tables` (10 sections, each
   embedding one of the datasets); prose as in bench/article_size.py, and a
   link from each to `scale-40`.
2. The small site adds `--small` articles and the 44 cancer types of
   bench/search.py's generator; the large site `--articles` articles, `--past`
   retired versions of them (each with its revision, submission and cancer
   types), `--datasets` datasets of five published versions each,
   `--cancer-type-versions` retired versions of every cancer type, and an
   audit event for every article and dataset version; then VACUUM ANALYZE.
3. Each page requested in-process (django.test.Client, DEBUG off, page cache
   off), `--repeat` times, the two databases and all pages taken in turn in
   every round so that load elsewhere on the machine falls on all of them.

It prints, per page (article, home, cancer type, dataset), the median and p95
and the SQL queries of each column: small site / large site, 2 / 40 sections,
0 / 10 embedded tables (on the large site), with each pair's ratio; then the
plan (EXPLAIN) of every query of every page on the large site (and of a
generated cancer type's page, hundreds of articles), flagging a sequential
scan of a table that grows with the site. The budget: each ratio
at most 1.25 with the same queries, except that ten tables (which readers
read) may cost one query more than none, fetched at once however many.

    .venv/bin/python bench/page_scale.py
    .venv/bin/python bench/page_scale.py --articles 2000 --past 10000 --check
"""

from __future__ import annotations

import argparse
import copy
import datetime
import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from common import verdict
from search import (
    approved_submission,
    configure,
    create_database,
    drop_database,
    generate,
)

# Within noise: the larger side of a pair may cost at most this much more.
MAX_GROWTH = 1.25
COLUMNS = [
    ("small site", "large site"),
    ("2 sections", "40 sections"),
    ("0 tables", "10 tables"),
]
ARTICLE = "/en/articles/{}/"
CANCER_TYPE = "/en/cancer-types/{}/"
# page -> column -> URL; a page that a column does not vary has no URL there.
PAGES: dict[str, dict[str, str]] = {
    "article": {
        "site": ARTICLE.format("scale-2"),
        "2 sections": ARTICLE.format("scale-2"),
        "40 sections": ARTICLE.format("scale-40"),
        "0 tables": ARTICLE.format("scale-10"),
        "10 tables": ARTICLE.format("scale-10-tables"),
    },
    "home": {"site": "/en/"},
    "cancer type": {
        "site": CANCER_TYPE.format("scale-2"),
        "2 sections": CANCER_TYPE.format("scale-2"),
        "40 sections": CANCER_TYPE.format("scale-40"),
        "0 tables": CANCER_TYPE.format("scale-10"),
        "10 tables": CANCER_TYPE.format("scale-10-tables"),
    },
    "dataset": {"site": "/en/epidemiology/bench-table-0/"},
}
# Tables that grow with every approval, article or dataset: a page must
# never read one whole.
GROWING = (
    "articles_publishedarticle",
    "articles_publishedarticlecancertype",
    "articles_publishedcancertype",
    "articles_publishedlink",
    "articles_publishedcode",
    "epidemiology_publisheddataset",
    "oncolex_submission",
    "oncolex_auditevent",
    "reversion_revision",
    "reversion_version",
    "figures_publishedmedia",
)


def seed() -> None:
    """The measured pages' content, the same in both databases."""
    import long_article

    from tests import factories

    rng = random.Random(2026)
    editor = factories.make_editor("scale_editor")
    approver = factories.make_approver("scale_approver")
    datasets = long_article.published_datasets(10, editor=editor, approver=approver)
    published = {}
    for slug, count, tables in [
        ("scale-40", 40, 0),
        ("scale-2", 2, 0),
        ("scale-10", 10, 0),
        ("scale-10-tables", 10, 10),
    ]:
        sections = long_article.sections(rng, count, 125, datasets[:tables])
        if slug != "scale-40":
            # A link to another live article, which each view checks.
            anchor, heading, body, *dataset = sections[0]
            body += "\n\nSee also [the long article](article:scale-40)."
            sections[0] = (anchor, heading, body, *dataset)
        cancer_type = factories.make_cancer_type(slug, name_en=slug.title())
        published[slug] = long_article.publish(
            slug=slug,
            sections=sections,
            editor=editor,
            approver=approver,
            cancer_type=cancer_type,
            rng=rng,
        )
        # And a twin in Bokmål, as the demo articles have: the page finds it.
        long_article.publish(
            slug=f"{slug}-nb",
            language="nb",
            translation=published[slug].article,
            sections=long_article.sections(rng, 2, 60),
            editor=editor,
            approver=approver,
            cancer_type=cancer_type,
            rng=rng,
        )


def add_past_versions(count: int) -> None:
    """`count` retired versions spread over the generated live articles, as
    years of approvals leave them: each with its own revision, submission
    and cancer-type links."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from articles.models import Article, PublishedArticle, PublishedArticleCancerType

    user = User.objects.get(username="bench")
    live = list(
        PublishedArticle.objects.current()
        .exclude(slug__startswith="scale-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links: dict[int, list[int]] = {}
    for version_id, cancer_type_id in PublishedArticleCancerType.objects.filter(
        version_id__in=live
    ).values_list("version_id", "cancer_type_id"):
        links.setdefault(version_id, []).append(cancer_type_id)
    content_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, count, 5000):
            batch = [
                live[(start + n) % len(live)] for n in range(min(5000, count - start))
            ]
            templates = PublishedArticle.objects.in_bulk(batch)
            revisions, submissions = _reviewed(
                len(batch),
                user,
                content_type,
                now,
                [templates[pk].article_id for pk in batch],
            )
            past = []
            for n, (pk, revision, submission) in enumerate(
                zip(batch, revisions, submissions, strict=True)
            ):
                version = copy.copy(templates[pk])  # a batch may hold one twice
                version.pk = None
                version.revision = revision
                version.submission = submission
                version.is_current = False
                # Numbered below the live version (raised below): only that
                # the rows exist matters here.
                version.number = 1_000_000 + start + n
                version.approved_at = now - datetime.timedelta(days=400 + n % 3000)
                past.append((pk, version))
            PublishedArticle.objects.bulk_create(
                [version for _pk, version in past], batch_size=1000
            )
            PublishedArticleCancerType.objects.bulk_create(
                (
                    PublishedArticleCancerType(
                        version=version, cancer_type_id=ct, is_current=False
                    )
                    for pk, version in past
                    for ct in links.get(pk, [])
                ),
                batch_size=5000,
            )
        # Live versions are the newest of their article.
        PublishedArticle.objects.filter(is_current=True).exclude(
            slug__startswith="scale-"
        ).update(number=F("number") + 2_000_000)


def _reviewed(count, user, content_type, now, object_ids):  # type: ignore[no-untyped-def]
    """A revision and an approved submission for each of `count` versions."""
    from reversion.models import Revision

    from oncolex.review.models import Submission

    revisions = Revision.objects.bulk_create(
        (Revision(date_created=now, user=user, comment="past") for _ in range(count)),
        batch_size=1000,
    )
    submissions = Submission.objects.bulk_create(
        (
            approved_submission(content_type, object_id, revision, user)
            for object_id, revision in zip(object_ids, revisions, strict=True)
        ),
        batch_size=1000,
    )
    return revisions, submissions


def add_datasets(count: int, versions: int = 5) -> None:
    """`count` datasets with `versions` published versions each (the last
    live), copies of a measured one under other addresses."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from epidemiology.models import Dataset, PublishedDataset

    user = User.objects.get(username="bench")
    model = PublishedDataset.objects.get(slug="bench-table-1", is_current=True)
    working = Dataset.objects.get(pk=model.dataset_id)
    now = timezone.now()
    with transaction.atomic():
        fields = {
            f.attname: getattr(working, f.attname)
            for f in Dataset._meta.concrete_fields
            if not f.primary_key
        }
        datasets = [Dataset(**{**fields, "slug": f"grown-{n}"}) for n in range(count)]
        datasets = Dataset.objects.bulk_create(datasets, batch_size=1000)
        owners = [d for d in datasets for _ in range(versions)]
        revisions, submissions = _reviewed(
            len(owners),
            user,
            ContentType.objects.get_for_model(Dataset),
            now,
            [d.pk for d in owners],
        )
        fields = {
            f.attname: getattr(model, f.attname)
            for f in PublishedDataset._meta.concrete_fields
            if not f.primary_key
        }
        published = []
        for n, (dataset, revision, submission) in enumerate(
            zip(owners, revisions, submissions, strict=True)
        ):
            number = n % versions + 1
            published.append(
                PublishedDataset(
                    **{
                        **fields,
                        "dataset_id": dataset.pk,
                        "slug": dataset.slug,
                        "revision_id": revision.pk,
                        "submission_id": submission.pk,
                        "number": number,
                        "is_current": number == versions,
                    }
                )
            )
        PublishedDataset.objects.bulk_create(published, batch_size=500)


def add_past_cancer_type_versions(per_type: int) -> None:
    """`per_type` retired versions of every cancer type (renames, new codes
    and menu moves over the years), so that the menu and the address lookup
    meet a table worth an index."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from articles.models import CancerType, PublishedCancerType

    user = User.objects.get(username="bench")
    live = list(PublishedCancerType.objects.current())
    owners = [version for version in live for _ in range(per_type)]
    with transaction.atomic():
        revisions, submissions = _reviewed(
            len(owners),
            user,
            ContentType.objects.get_for_model(CancerType),
            timezone.now(),
            [version.cancer_type_id for version in owners],
        )
        past = []
        for n, (version, revision, submission) in enumerate(
            zip(owners, revisions, submissions, strict=True)
        ):
            old = copy.copy(version)
            old.pk = None
            old.revision = revision
            old.submission = submission
            old.is_current = False
            old.number = 1_000_000 + n
            past.append(old)
        PublishedCancerType.objects.bulk_create(past, batch_size=1000)
        PublishedCancerType.objects.filter(is_current=True).update(
            number=F("number") + 2_000_000
        )


def add_audit_events() -> None:
    """An approval event for every published article and dataset version."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from articles.models import Article, PublishedArticle
    from epidemiology.models import Dataset, PublishedDataset
    from oncolex.review.models import AuditEvent

    user = User.objects.get(username="bench")
    now = timezone.now()
    for model, owner, field in [
        (PublishedArticle, Article, "article_id"),
        (PublishedDataset, Dataset, "dataset_id"),
    ]:
        content_type = ContentType.objects.get_for_model(owner)
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    content_type=content_type,
                    object_id=object_id,
                    action="approve",
                    user=user,
                    at=now,
                    submission_id=submission_id,
                )
                for object_id, submission_id in model.objects.values_list(
                    field, "submission_id"
                ).iterator()
            ),
            batch_size=5000,
        )


_CONNECTIONS: dict[str, Any] = {}


@contextmanager
def database(name: str) -> Iterator[None]:
    """Serve the block from database `name`: each database keeps a connection
    of its own, so switching costs no reconnection inside a timed request."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.db.utils import load_backend

    current = connections["default"]
    if current.settings_dict["NAME"] != name:
        _CONNECTIONS[current.settings_dict["NAME"]] = current
        if name not in _CONNECTIONS:
            settings = {**current.settings_dict, "NAME": name}
            backend = load_backend(settings["ENGINE"])
            _CONNECTIONS[name] = backend.DatabaseWrapper(settings, "default")
        connections["default"] = _CONNECTIONS[name]
        ContentType.objects.clear_cache()  # ids are per database
    yield


def cells() -> list[tuple[str, str, str, str]]:
    """(page, column, database side, URL) of every measurement."""
    found = []
    for page, urls in PAGES.items():
        for small, large in COLUMNS:
            for column in (small, large):
                if "site" in column:
                    side = "small" if column == "small site" else "large"
                    url = urls["site"]
                else:
                    side, url = "large", urls.get(column, "")
                if url:
                    found.append((page, column, side, url))
    return found


def measure(names: dict[str, str], repeat: int) -> dict[tuple[str, str], dict]:
    from django.db import connection
    from django.test import Client

    client = Client()
    results: dict[tuple[str, str], dict] = {}
    for page, column, side, url in cells():
        with database(names[side]):
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            queries: list[str] = []
            with connection.execute_wrapper(
                lambda execute, sql, params, many, context, log=queries: (
                    log.append(sql) or execute(sql, params, many, context)
                )
            ):
                client.get(url)
        results[(page, column)] = {"queries": len(queries), "times": []}
    for _ in range(repeat):
        for side in ("small", "large"):
            with database(names[side]):
                for page, column, cell_side, url in cells():
                    if cell_side == side:
                        started = time.perf_counter()
                        client.get(url)
                        elapsed = (time.perf_counter() - started) * 1000
                        results[(page, column)]["times"].append(elapsed)
    return results


def plans(name: str) -> list[tuple[str, str, str, bool]]:
    """(page, SQL, plan, reads a growing table whole) of every query of every
    measured page on the large site."""
    from django.db import connection
    from django.test import Client

    found: list[tuple[str, str, str, bool]] = []
    urls = dict.fromkeys(url for _p, _c, side, url in cells() if side == "large")
    # And a cancer type of the generated site's size: hundreds of articles,
    # each with retired versions.
    urls[CANCER_TYPE.format("ct-1")] = None
    for url in urls:

        def explain(execute, sql, params, many, context, url=url):  # type: ignore[no-untyped-def]
            if not sql.lstrip().upper().startswith("SELECT"):  # EXPLAIN itself
                return execute(sql, params, many, context)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            whole = any(f"Seq Scan on {table} " in plan + " " for table in GROWING)
            found.append((url, sql, plan, whole))
            return execute(sql, params, many, context)

        with database(name), connection.execute_wrapper(explain):
            Client().get(url)
    return found


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results: dict, sizes: str) -> bool:
    print(f"\nPage cost, PostgreSQL, in-process, page cache off ({sizes})")
    print("median/p95 ms, SQL queries; ratio: median of the second over the first")
    header = f"{'page':<13}"
    for first, second in COLUMNS:
        header += f"| {first + ' / ' + second:<40}"
    print(header)
    ok = True
    for page in PAGES:
        line = f"{page:<13}"
        for first, second in COLUMNS:
            a, b = results.get((page, first)), results.get((page, second))
            if a is None or b is None:
                line += f"| {'(not varied)':<40}"
                continue
            ratio = statistics.median(b["times"]) / statistics.median(a["times"])
            cell = (
                f"{statistics.median(a['times']):.2f}/{p95(a['times']):.2f} "
                f"{statistics.median(b['times']):.2f}/{p95(b['times']):.2f} "
                f"q{a['queries']}/{b['queries']} x{ratio:.2f}"
            )
            line += f"| {cell:<40}"
            if first == "0 tables" and page == "article":
                # Ten tables are 22 KB that readers read, fetched in one more
                # query, however many: only the queries are judged here.
                ok = ok and b["queries"] <= a["queries"] + 1
            else:
                ok = ok and ratio <= MAX_GROWTH and a["queries"] == b["queries"]
        print(line)
    print(
        f"budget: cost does not grow with what readers do not see (ratio at most "
        f"{MAX_GROWTH}, same queries; tables: one query for all of them): "
        f"{verdict(ok)}"
    )
    return ok


def print_plans(found: list[tuple[str, str, str, bool]]) -> bool:
    print("\nEvery query of every page on the large site, with its plan's scans:")
    for url, sql, plan, whole in found:
        scans = [
            line.strip().removeprefix("->  ")
            for line in plan.splitlines()
            if " Scan " in line or line.lstrip().startswith(("Seq Scan", "Index"))
        ]
        flag = "SEQ SCAN OF A GROWING TABLE  " if whole else ""
        print(f"\n{flag}{url}  {sql[:150]}…")
        for scan in scans:
            print(f"    {scan}")
        if whole:
            print(plan)
    return not any(whole for *_rest, whole in found)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server to create the throwaway databases on",
    )
    parser.add_argument("--small", type=int, default=12, help="small site articles")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--past", type=int, default=50_000)
    parser.add_argument("--datasets", type=int, default=2_000)
    parser.add_argument(
        "--cancer-type-versions", type=int, default=50, help="retired, per type"
    )
    parser.add_argument("--repeat", type=int, default=100, help="rounds of requests")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--check", action="store_true", help="exit 1 over budget")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark needs PostgreSQL")

    names = {
        side: f"oncolex_bench_scale_{side}_{os.getpid()}" for side in ("small", "large")
    }
    urls = {
        side: create_database(args.database_url, name) for side, name in names.items()
    }
    try:
        configure(urls["small"])
        from django.core.management import call_command
        from django.db import connection, connections

        started = time.perf_counter()
        for side, articles in (("small", args.small), ("large", args.articles)):
            with database(names[side]):
                call_command("migrate", verbosity=0)
                seed()
                generate(articles, seed=1)
                if side == "large":
                    add_past_versions(args.past)
                    add_datasets(args.datasets)
                    add_past_cancer_type_versions(args.cancer_type_versions)
                add_audit_events()
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        print(f"built both sites in {time.perf_counter() - started:.0f} s")
        # One log line per request would drown the table (set here: importing
        # bench/article_fixture.py sets Django up, and its logging, again).
        logging.getLogger("oncolex.request").setLevel(logging.WARNING)
        sizes = (
            f"small site: {args.small + 8} published articles; large: "
            f"{args.articles + 8:,}, {args.past:,} retired versions, "
            f"{args.datasets:,} more datasets of 5 versions, "
            f"{args.cancer_type_versions} retired versions of each cancer type, "
            "an audit event for each article and dataset version"
        )
        ok = report(measure(names, args.repeat), sizes)
        ok = print_plans(plans(names["large"])) and ok
        for wrapper in _CONNECTIONS.values():
            wrapper.close()
        connections.close_all()
    finally:
        for name in names.values():
            if args.keep:
                print(f"kept database {name}")
            else:
                drop_database(args.database_url, name)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
