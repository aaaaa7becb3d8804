"""The public article page against a plain Django view returning the same bytes.

Steps: build a throwaway SQLite database in a temp dir (or, with --postgres, a
throwaway database on that PostgreSQL server), migrate, load the demo
content if the command exists, publish an article the size of the SPEC's anchor
(bench/article_fixture.py), collect static files; serve the project with
gunicorn (2 sync workers, DEBUG off) twice, with the page cache off and on (in a
private Redis if redis-server is installed), and save the article page's bytes;
serve those bytes from bench/reference_app.py the same way; export the pages
(manage.py export_pages) and serve them through a private nginx running
deploy/nginx's configuration, beside the same nginx sending the saved bytes as
a plain file; run wrk against each in turn; print req/s, latency, the ratios
and the SPEC's other budgets (queries, page weight).

    make bench
    .venv/bin/python bench/article_page.py --duration 5 --rounds 3 --profile
    make bench BENCH_ARGS="--postgres postgres://postgres@127.0.0.1:5432/postgres"
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BASE_DIR,
    free_port,
    gunicorn,
    production_env,
    python,
    run,
    serving,
    verdict,
)
from search import create_database, drop_database

sys.path.insert(0, str(BASE_DIR))
from tests.servers import nginx_binary, nginx_configuration, running_nginx

BENCH_DIR = Path(__file__).resolve().parent
# The SPEC's budgets (section "Budgets").
MIN_RATIO_UNCACHED = 1 / 3
MIN_RATIO_CACHED = 0.8
# The goal for pages exported to nginx: within 2x of nginx's static file.
MIN_RATIO_EXPORTED = 0.5
MAX_QUERIES = 4
MAX_HTML = 60 * 1024
MAX_GZIP = 15 * 1024
MAX_CSS = 20 * 1024
# wrk is run with two threads, as in the SPEC's anchors.
WRK_THREADS = 2


@dataclass
class Target:
    """One server under load, with one wrk run per round."""

    name: str
    url: str
    size: int
    note: str = ""
    # wrk's extra request headers; nginx is measured without keep-alive, as
    # the SPEC's anchor was (gunicorn's sync workers close every connection).
    headers: tuple[str, ...] = ()
    # Why the target is not measured (nginx not installed).
    missing: str = ""
    runs: list[tuple[float, float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def median(self, index: int) -> float:
        return statistics.median(run[index] for run in self.runs)

    @property
    def requests_per_second(self) -> float:
        return self.median(0)


def bench_env(tmp: Path, database_url: str | None) -> dict[str, str]:
    """The production-like environment, with BENCH_CACHE turning the page cache
    off, or on without Redis."""
    return production_env(
        tmp,
        database_url=database_url,
        settings_extra=(
            'match os.environ.get("BENCH_CACHE"):\n'
            # Whatever the project caches, the uncached run misses every time.
            '    case "off":\n'
            '        CACHES = {"default": {"BACKEND": '
            '"django.core.cache.backends.dummy.DummyCache"}}\n'
            "        PAGE_CACHE_SECONDS = 0\n"
            # Without Redis, each worker's own memory stands in for the shared
            # cache: nothing is published during the run, so nothing goes stale.
            '    case "local":\n'
            "        PAGE_CACHE_SECONDS = 600\n"
        ),
    )


def prepare(env: dict[str, str]) -> dict[str, object]:
    manage = [python(), "manage.py"]
    run([*manage, "migrate", "--no-input", "-v0"], env)
    # --force: the demo accounts' well-known passwords only reach this temp db.
    demo = subprocess.run(
        [*manage, "load_demo", "--force"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    if demo.returncode != 0:
        missing = "Unknown command" in demo.stderr
        print("demo content: " + ("no load_demo command" if missing else "FAILED"))
        if not missing:
            print(demo.stderr.strip()[-2000:])
    else:
        print("demo content: loaded")
    seeded = json.loads(
        run([python(), str(BENCH_DIR / "article_fixture.py"), "seed"], env)
    )
    run([*manage, "collectstatic", "--no-input", "-v0"], env)
    return seeded


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@contextmanager
def redis(tmp: Path) -> Iterator[str | None]:
    """A private, memory-only Redis for the cached run, as production shares one
    between workers; None when redis-server is not installed."""
    executable = shutil.which("redis-server")
    if executable is None:
        yield None
        return
    port = free_port()
    command = [executable, "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(tmp)]
    with serving("redis-server", command, port, stdout=subprocess.DEVNULL):
        yield f"redis://127.0.0.1:{port}/0"


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS_MS[unit]


def wrk(
    url: str, *, duration: int, connections: int, headers: tuple[str, ...] = ()
) -> tuple[float, float, float, str]:
    threads = min(WRK_THREADS, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = "; ".join(
        line.strip()
        for line in out.splitlines()
        if "Non-2xx" in line or "Socket errors" in line
    )
    return rps, p50, p99, errors


def measure(target: Target, args: argparse.Namespace) -> None:
    if target.missing:
        return
    load = {"connections": args.connections, "headers": target.headers}
    if args.warmup:
        wrk(target.url, duration=args.warmup, **load)
    rps, p50, p99, errors = wrk(target.url, duration=args.duration, **load)
    target.runs.append((rps, p50, p99))
    if errors:
        target.errors.append(errors)


def report(
    targets: list[Target],
    *,
    page: bytes,
    css: int,
    queries: dict[str, object],
    seeded: dict[str, object],
    args: argparse.Namespace,
) -> bool:
    uncached, cached, reference, exported, plain_file = targets
    rounds = f", median of {args.rounds} interleaved rounds" if args.rounds > 1 else ""
    print(
        f"\narticle: {seeded['words']} words, {seeded['sections']} sections, "
        f"{seeded['references']} references\n"
        f"load: wrk -t{min(WRK_THREADS, args.connections)} -c{args.connections} "
        f"-d{args.duration}s; gunicorn 2 sync workers"
        + ("" if exported.missing else ", nginx 2 workers without keep-alive")
        + f"{rounds}; load average {_load()}\n"
    )
    print(f"{'page':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}"
          f"{'/plain':>8}")  # fmt: skip
    for t in targets:
        if t.missing:
            print(f"{t.name:<26}{t.missing:>44}")
            continue
        ratio = t.requests_per_second / reference.requests_per_second
        print(
            f"{t.name:<26}{t.requests_per_second:>9.0f}{t.median(1):>9.2f}"
            f"{t.median(2):>9.2f}{t.size:>9,}{ratio:>8.2f}"
        )
        if t.note:
            print(f"  {t.note}")
        for error in t.errors:
            print(f"  !! {error}")
    ratio_uncached = uncached.requests_per_second / reference.requests_per_second
    ratio_cached = cached.requests_per_second / reference.requests_per_second
    gzipped = len(gzip.compress(page, compresslevel=6))
    count = int(queries["count"])
    scripts = page.lower().count(b"<script")
    checks = [
        (f"no cache / plain view {ratio_uncached:.2f} (budget >= 0.33)",
         ratio_uncached >= MIN_RATIO_UNCACHED),
        (f"cached / plain view {ratio_cached:.2f} (budget >= {MIN_RATIO_CACHED:.2f})",
         ratio_cached >= MIN_RATIO_CACHED),
        (f"SQL queries per page, no cache: {count} (budget <= {MAX_QUERIES})",
         count <= MAX_QUERIES),
        (f"HTML {len(page) / 1024:.1f} KB (budget < {MAX_HTML // 1024} KB)",
         len(page) < MAX_HTML),
        (f"HTML gzip {gzipped / 1024:.1f} KB (budget < {MAX_GZIP // 1024} KB)",
         gzipped < MAX_GZIP),
        (f"CSS {css / 1024:.1f} KB (budget < {MAX_CSS // 1024} KB)", css < MAX_CSS),
        (f"<script> tags {scripts} (budget 0)", scripts == 0),
    ]  # fmt: skip
    if not exported.missing:
        ratio = exported.requests_per_second / plain_file.requests_per_second
        checks.append(
            (f"exported / nginx file {ratio:.2f} (goal >= {MIN_RATIO_EXPORTED:.2f})",
             ratio >= MIN_RATIO_EXPORTED)
        )  # fmt: skip
    print()
    for text, ok in checks:
        print(f"{text:<54}{verdict(ok)}")
    if exported.missing:
        print(f"{'exported / nginx file: not measured':<54}{exported.missing}")
    if args.verbose:
        print("\nqueries:")
        for sql in queries["sql"]:
            print(f"  {sql}")
    return all(ok for _, ok in checks) and not any(t.errors for t in targets)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


@contextmanager
def nginx_targets(
    tmp: Path, env: dict[str, str], *, application: str, path: str, page: bytes
) -> Iterator[tuple[Target, Target]]:
    """The exported page through deploy/nginx's configuration (falling back to
    `application`), and the same nginx sending `page` as a plain file."""
    no_keepalive = ("Connection: close",)
    if nginx_binary() is None:
        missing = "nginx not installed"
        yield (
            Target("article, exported (nginx)", "", 0, missing=missing),
            Target("nginx, plain file", "", 0, missing=missing),
        )
        return
    export_root = tmp / "export"
    export_env = {**env, "ONCOLEX_EXPORT_ROOT": str(export_root)}
    run([python(), "manage.py", "export_pages"], export_env)
    time_zone = run(
        [python(), "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.TIME_ZONE)"],
        env,
    ).strip()  # fmt: skip
    files = tmp / "plain"
    files.mkdir()
    (files / "page.html").write_bytes(page)
    pages_port, file_port = free_port(), free_port()
    conf = nginx_configuration(
        tmp / "nginx",
        pages_port=pages_port,
        export_root=export_root,
        application=application.removeprefix("http://"),
        file_port=file_port,
        file_root=files,
    )
    ports = [pages_port, file_port]
    with running_nginx(tmp / "nginx", conf, ports, time_zone=time_zone):
        base = f"http://127.0.0.1:{pages_port}"
        with urllib.request.urlopen(base + path, timeout=10) as response:
            body, from_file = response.read(), "Last-Modified" in response.headers
        exported = Target(
            "article, exported (nginx)", base + path, len(body), headers=no_keepalive
        )
        if not from_file:
            exported.errors.append("answered by Django, not from the export")
        plain = Target(
            "nginx, plain file",
            f"http://127.0.0.1:{file_port}{path}",
            len(page),
            headers=no_keepalive,
        )
        yield exported, plain


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of load before each run"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the five servers in turn this many times; report medians",
    )
    parser.add_argument(
        "--local-cache",
        action="store_true",
        help="cache pages in each worker's memory instead of a private Redis",
    )
    parser.add_argument("--verbose", action="store_true", help="print the SQL")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the page in-process"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a budget is missed"
    )
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help="run on a throwaway database on this PostgreSQL server, as in "
        "production (e.g. postgres://postgres@127.0.0.1:5432/postgres), "
        "instead of SQLite",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp dir (database, page)"
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    tmp = Path(tempfile.mkdtemp(prefix="oncolex-bench-"))
    database = f"oncolex_bench_{secrets.token_hex(4)}" if args.postgres else None
    try:
        database_url = database and create_database(args.postgres, database)
        env = bench_env(tmp, database_url)
        print(f"database: {'PostgreSQL' if database else 'SQLite'}")
        seeded = prepare(env)
        path = str(seeded["url"])
        uncached_env = {**env, "BENCH_CACHE": "off"}
        fixture = [python(), str(BENCH_DIR / "article_fixture.py")]
        queries = json.loads(run([*fixture, "queries", path], uncached_env))
        project = "oncolex.wsgi:application"
        with ExitStack() as servers:
            # All three stay up, idle but for the one under load, so rounds can
            # alternate between them.
            base = servers.enter_context(
                gunicorn(
                    project, chdir=BASE_DIR, env=uncached_env, log=tmp / "no-cache.log"
                )
            )
            uncached_base = base
            page = fetch(base + path)
            stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', page)
            css = len(fetch(base + stylesheet.group(1).decode())) if stylesheet else 0
            uncached = Target("article, no cache", base + path, len(page))

            redis_url = None if args.local_cache else servers.enter_context(redis(tmp))
            cached_env = {**env, "REDIS_URL": redis_url or "", "BENCH_CACHE": "local"}
            name = "article, local cache"
            if redis_url:
                del cached_env["BENCH_CACHE"]
                name = "article, Redis cache"
            base = servers.enter_context(
                gunicorn(project, chdir=BASE_DIR, env=cached_env, log=tmp / "cache.log")
            )
            fetch(base + path)  # fills the cache (the local one of one worker)
            cached_page = fetch(base + path)
            cached = Target(name, base + path, len(cached_page))
            if cached_page != page:
                cached.note = "the cached page differs from the uncached one"
            hit = json.loads(run([*fixture, "queries", path], cached_env))
            cached.note = cached.note or f"{hit['count']} SQL queries on a cache hit"

            body = tmp / "article.html"
            body.write_bytes(page)
            reference_env = {**env, "BENCH_REFERENCE_BODY": str(body)}
            base = servers.enter_context(
                gunicorn(
                    "reference_app:application",
                    chdir=BENCH_DIR,
                    env=reference_env,
                    log=tmp / "reference.log",
                )
            )
            if fetch(base + path) != page:
                sys.exit("the reference does not return the article's bytes")
            reference = Target("plain Django view", base + path, len(page))

            exported, plain_file = servers.enter_context(
                nginx_targets(tmp, env, application=uncached_base, path=path, page=page)
            )
            targets = [uncached, cached, reference, exported, plain_file]
            for _ in range(args.rounds):
                for target in targets:
                    measure(target, args)
        ok = report(
            targets, page=page, css=css, queries=queries, seeded=seeded, args=args
        )
        if args.profile:
            print()
            print(run([*fixture, "profile", path], uncached_env))
    except urllib.error.URLError as error:
        sys.exit(f"could not fetch the page: {error}")
    finally:
        if args.keep:
            print(f"kept {tmp}" + (f" and database {database}" if database else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            if database:
                drop_database(args.postgres, database)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
