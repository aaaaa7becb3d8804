"""Does a reader's page cost more when the site holds more content?

Readers' pages should cost what they show, not what the database holds. Steps:
on a throwaway PostgreSQL database, publish the anchor article
(bench/article_fixture.py) and time its page and the home page in-process
(django.test.Client, DEBUG off, page cache off); then add `--articles` other
published articles (bench/search.py's generator) and `--past` retired versions
of them, VACUUM ANALYZE, and time the same two pages again. Prints the median
and p95 per page at both sizes, the ratio large/small, the SQL queries per page,
and any sequential scan of the published-articles table in their plans (with
10,000 rows, a lookup that has no index shows up here as a Seq Scan).

    .venv/bin/python bench/page_scale.py
    .venv/bin/python bench/page_scale.py --articles 2000 --past 10000 --check
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time

from search import configure, create_database, drop_database, generate

# Within noise: the large site may cost at most this much more per page.
MAX_GROWTH = 1.25
PAGES = {"article": "/en/articles/bench-neuroendocrine-tumours/", "home": "/en/"}


def add_past_versions(count: int) -> None:
    """`count` retired versions spread over the live articles, as years of
    approvals leave them: each with its own revision and submission."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from reversion.models import Revision

    from articles.models import Article, PublishedArticle
    from oncolex.review.models import Submission

    user = User.objects.get(username="bench")
    live = list(
        PublishedArticle.objects.current()
        .exclude(slug=PAGES["article"].split("/")[3])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    content_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    past = []
    with transaction.atomic():
        for start in range(0, count, 5000):
            batch = min(5000, count - start)
            revisions = Revision.objects.bulk_create(
                Revision(date_created=now, user=user, comment="past")
                for _ in range(batch)
            )
            templates = PublishedArticle.objects.in_bulk(
                [live[(start + n) % len(live)] for n in range(batch)]
            )
            submissions = Submission.objects.bulk_create(
                Submission(
                    content_type=content_type,
                    object_id=templates[live[(start + n) % len(live)]].article_id,
                    revision=revision,
                    state="approved",
                    submitted_by=user,
                    submitted_at=now,
                    decided_by=user,
                    decided_at=now,
                )
                for n, revision in enumerate(revisions)
            )
            for n, (revision, submission) in enumerate(
                zip(revisions, submissions, strict=True)
            ):
                version = templates[live[(start + n) % len(live)]]
                version.pk = None
                version.revision = revision
                version.submission = submission
                version.is_current = False
                # Numbered below the live version's 1: order does not matter
                # here, only that the rows exist.
                version.number = 1_000_000 + start + n
                version.approved_at = now - datetime.timedelta(days=400 + n % 3000)
                past.append(version)
            PublishedArticle.objects.bulk_create(past, batch_size=1000)
            past.clear()
        # Live versions are the newest of their article.
        PublishedArticle.objects.filter(is_current=True).update(
            number=F("number") + 2_000_000
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(repeat: int) -> dict[str, dict[str, object]]:
    from django.db import connection
    from django.test import Client

    client = Client()
    results: dict[str, dict[str, object]] = {}
    for name, url in PAGES.items():
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        queries: list[str] = []
        with connection.execute_wrapper(
            lambda execute, sql, params, many, context, log=queries: (
                log.append(sql) or execute(sql, params, many, context)
            )
        ):
            client.get(url)
        results[name] = {"queries": queries, "times": []}
    for _ in range(repeat):
        for name, url in PAGES.items():
            started = time.perf_counter()
            client.get(url)
            results[name]["times"].append((time.perf_counter() - started) * 1000)
    return results


def sequential_scans(repeat_url: str) -> list[str]:
    """Plans of the page's queries that read the published table whole."""
    from django.db import connection
    from django.test import Client

    plans: list[str] = []

    def explain(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            if "Seq Scan on articles_publishedarticle" in plan:
                plans.append(f"{sql[:160]}…\n{plan}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        Client().get(repeat_url)
    return plans


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(small: dict, large: dict, articles: int, past: int) -> bool:
    print(
        f"\nPage cost with 1 published article and with {articles:,} more "
        f"(+{past:,} retired versions), PostgreSQL, in-process, cache off"
    )
    print(f"{'page':<10}{'small p50/p95 ms':>20}{'large p50/p95 ms':>20}"
          f"{'large/small':>13}{'SQL':>9}")  # fmt: skip
    ok = True
    for name in PAGES:
        a, b = small[name]["times"], large[name]["times"]
        ratio = statistics.median(b) / statistics.median(a)
        queries = f"{len(small[name]['queries'])}/{len(large[name]['queries'])}"
        print(
            f"{name:<10}{statistics.median(a):>11.2f}/{p95(a):<8.2f}"
            f"{statistics.median(b):>11.2f}/{p95(b):<8.2f}{ratio:>13.2f}{queries:>9}"
        )
        same_queries = len(small[name]["queries"]) == len(large[name]["queries"])
        if ratio > MAX_GROWTH or not same_queries:
            ok = False
    print(
        f"budget: cost does not grow with the site (ratio at most {MAX_GROWTH}, "
        f"same queries): {'met' if ok else 'MISSED'}"
    )
    return ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server to create the throwaway database on",
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--past", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=200, help="requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--check", action="store_true", help="exit 1 over budget")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark needs PostgreSQL")

    name = f"oncolex_bench_scale_{os.getpid()}"
    database_url = create_database(args.database_url, name)
    try:
        configure(database_url)
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        import article_fixture

        article_fixture.seed()
        small = measure(args.repeat)
        generate(args.articles, seed=1)
        add_past_versions(args.past)
        large = measure(args.repeat)
        scans = [plan for url in PAGES.values() for plan in sequential_scans(url)]
        ok = report(small, large, args.articles, args.past)
        for plan in scans:
            print("\nSequential scan of the published table:\n" + plan)
        ok = ok and not scans
        connections.close_all()
    finally:
        if args.keep:
            print(f"kept database {name}")
        else:
            drop_database(args.database_url, name)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
