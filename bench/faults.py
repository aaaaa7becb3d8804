"""Faults under load: restart PostgreSQL, kill Redis, hang Redis; count statuses.

Everything runs on loopback and is private to the run: a PostgreSQL cluster
(initdb in a temp dir), a memory-only redis-server, and gunicorn (2 sync
workers, production settings) serving the demo content. A few threads request
public pages (some cached, some never cached) for the whole run, while:

1. PostgreSQL is stopped for a few seconds and started again;
2. Redis is killed (losing its keys), an article is approved meanwhile, and a
   new Redis is started on the same port;
3. Redis is hung (SIGSTOP, so it keeps its keys), an article is approved
   meanwhile, and Redis is resumed.

It prints the requests and their statuses by phase, the seconds from each
service's return until an uncached page answered 200 again, whether readers
saw each approval once Redis was back, and whether every approved version and
audit record is intact. Goal: no 500 at all; during the database outage cached
pages 200 and the rest 503; recovery within 2 s.

    .venv/bin/python bench/faults.py [--outage 4]
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (
    BASE_DIR,
    free_port,
    production_env,
    python,
    run,
    serving,
    verdict,
)

from tests.servers import (
    PrivatePostgres,
    PrivateRedis,
    postgres_binaries_missing,
)

# The SPEC: the app recovers within 2 s of the service returning.
MAX_RECOVERY_SECONDS = 2.0
ARTICLE = "/en/articles/neuroendocrine-tumours/"
CACHED = [ARTICLE, "/en/", "/nb/", "/en/procedures/"]
# Not page-cached: these always need the database.
UNCACHED = ["/en/search/?q=tumour", "/en/codes/?code=C1"]

APPROVE = """
import time
started = time.monotonic()
from django.contrib.auth import get_user_model
from articles.models import Article
from tests.factories import publish, save_article
users = get_user_model().objects
article = Article.objects.get(slug="neuroendocrine-tumours")
save_article(user=users.get(username="editor"), article=article, summary={summary!r})
publish(article, editor=users.get(username="editor"),
        approver=users.get(username="approver"), note={summary!r})
print("TOOK", time.monotonic() - started)
"""

CHECK = """
from django.core.management import get_commands, call_command
from reversion.models import Revision
from articles.models import PublishedArticle
from epidemiology.models import PublishedDataset
from oncolex.review.models import AuditEvent
versions = list(PublishedArticle.objects.all()) + list(PublishedDataset.objects.all())
missing = [v.pk for v in versions
           if not Revision.objects.filter(pk=v.revision_id).exists()]
print("RESULT", len(versions), AuditEvent.objects.count(), len(missing))
if "verify_audit" in get_commands():
    call_command("verify_audit")
"""


class Load:
    """Threads requesting public pages; every answer is kept with its time."""

    def __init__(self, base: str, threads: int = 4) -> None:
        self.base = base
        self.results: list[tuple[float, str, int | str]] = []
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True)
            for n in range(threads)
        ]

    def _run(self, n: int) -> None:
        urls = CACHED + UNCACHED
        i = n
        while not self.stopping.is_set():
            url = urls[i % len(urls)]
            i += 1
            self.results.append((time.monotonic(), url, get_status(self.base + url)))
            time.sleep(0.01)

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def between(self, start: float, end: float) -> list[tuple[float, str, int | str]]:
        return [r for r in list(self.results) if start <= r[0] < end]

    def recovered_after(self, moment: float, deadline: float = 30) -> float | None:
        """Seconds from `moment` to the first 200 of a page that needs the
        database."""
        end = moment + deadline
        while time.monotonic() < end:
            for at, url, status in list(self.results):
                if at >= moment and url in UNCACHED and status == 200:
                    return at - moment
            time.sleep(0.05)
        return None


def get_status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def get_body(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def summarise(name: str, results: list[tuple[float, str, int | str]]) -> None:
    statuses = collections.Counter(str(status) for _, _, status in results)
    cached = collections.Counter(str(s) for _, url, s in results if url in CACHED)
    uncached = collections.Counter(str(s) for _, url, s in results if url in UNCACHED)
    print(
        f"  {name:<26} {len(results):>5} requests  {dict(statuses)}"
        f"  cached pages: {dict(cached)}  uncached: {dict(uncached)}"
    )


def approve(env: dict[str, str], summary: str) -> tuple[float, str]:
    """Save and approve in a process of its own, as an approver's request
    would; the time is the service call's, not the process start's."""
    done = subprocess.run(
        [python(), "manage.py", "shell", "-c", APPROVE.format(summary=summary)],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return 0.0, f"FAILED {done.stderr[-500:]}"
    took = next(x for x in done.stdout.splitlines() if x.startswith("TOOK "))
    return float(took.split()[1]), "answered"


def shows_within(url: str, text: str, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in get_body(url):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def integrity(env: dict[str, str]) -> tuple[int, int, int]:
    out = run([python(), "manage.py", "shell", "-c", CHECK], env)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    versions, audits, missing = (int(x) for x in line.split()[1:4])
    return versions, audits, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outage", type=float, default=4, help="seconds per fault")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a goal is missed"
    )
    args = parser.parse_args()
    if postgres_binaries_missing():
        sys.exit("needs PostgreSQL 15's server binaries in /usr/lib/postgresql/15/bin")
    with tempfile.TemporaryDirectory(prefix="oncolex-faults-") as tmp_name:
        tmp = Path(tmp_name)
        postgres = PrivatePostgres().init()
        redis = PrivateRedis(tmp)
        try:
            postgres.start()
            postgres.create_database("oncolex")
            redis.start()
            ok = scenario(tmp, postgres, redis, args.outage)
        finally:
            redis.stop()
            postgres.destroy()
    return 1 if args.check and not ok else 0


def scenario(
    tmp: Path, postgres: PrivatePostgres, redis: PrivateRedis, outage: float
) -> bool:
    """Run the faults under load, print what readers got; True if every goal
    was met."""
    env = production_env(tmp, database_url=postgres.url("oncolex"))
    env["REDIS_URL"] = redis.url
    env["ONCOLEX_LOG_FORMAT"] = "json"
    print("preparing: migrate, demo content, collectstatic ...", flush=True)
    run([python(), "manage.py", "migrate", "--no-input", "-v0"], env)
    run([python(), "manage.py", "load_demo", "--force"], env)
    run([python(), "manage.py", "collectstatic", "--no-input", "-v0"], env)
    before = integrity(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [python(), "-m", "gunicorn", "oncolex.wsgi", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(BASE_DIR)]
    log_path = tmp / "app.log"
    log = log_path.open("w")
    with (
        serving("gunicorn", command, port, env=env, stderr=log, stdout=log),
        Load(base) as load,
    ):
        print(f"serving {base}; load: 4 threads on {len(CACHED + UNCACHED)} pages")
        time.sleep(3)  # warm: every cached page is in Redis
        phases: list[tuple[str, float, float]] = [("warm", 0, time.monotonic())]

        t0 = time.monotonic()
        postgres.stop("fast")
        time.sleep(outage)
        postgres.start()
        back = time.monotonic()
        phases.append(("PostgreSQL down", t0, back))
        pg_recovery = load.recovered_after(back)
        time.sleep(2)

        t1 = time.monotonic()
        assert redis.process is not None
        redis.process.send_signal(signal.SIGKILL)
        redis.process.wait()
        redis.process = None
        took_killed, outcome_killed = approve(env, "Fault run: approved, Redis killed")
        time.sleep(max(0.0, outage - (time.monotonic() - t1)))
        redis.start()  # same port, no keys
        back_redis = time.monotonic()
        phases.append(("Redis killed", t1, back_redis))
        seen_killed = shows_within(
            base + ARTICLE, "Fault run: approved, Redis killed", 10
        )
        time.sleep(2)

        t2 = time.monotonic()
        redis.pause()
        took_hung, outcome_hung = approve(env, "Fault run: approved, Redis hung")
        time.sleep(max(0.0, outage - (time.monotonic() - t2)))
        redis.resume()
        back_hung = time.monotonic()
        phases.append(("Redis hung (keys kept)", t2, back_hung))
        # Right after Redis returns with its keys: any page from before the
        # approval made while it hung?
        stale = sum(
            "Fault run: approved, Redis hung" not in get_body(base + ARTICLE)
            for _ in range(10)
        )
        seen_hung = shows_within(base + ARTICLE, "Fault run: approved, Redis hung", 10)
        time.sleep(2)
        phases.append(("after", back_hung, time.monotonic()))
    log.close()

    after = integrity(env)
    everything = load.results
    print(f"\nrequests: {len(everything)}")
    summarise("all", everything)
    for name, start, end in phases[1:]:
        summarise(name, load.between(start, end))
    fives = sum(1 for _, _, s in everything if s == 500)
    logged = log_path.read_text()
    print(f"\n500 responses: {fives}; server errors logged: ", end="")
    print(logged.count("Internal Server Error"))
    print(f"PostgreSQL back -> uncached page 200: {fmt(pg_recovery)}")
    print(
        f"approval with Redis killed: {outcome_killed} in {took_killed:.2f} s; "
        f"readers saw it {fmt(seen_killed)} after Redis returned (empty)"
    )
    print(
        f"approval with Redis hung: {outcome_hung} in {took_hung:.2f} s; "
        f"readers saw it {fmt(seen_hung)} after Redis resumed (keys kept); "
        f"superseded pages served right after resuming: {stale} of 10"
    )
    versions_ok = after[0] == before[0] + 2 and after[2] == 0
    audits_ok = after[1] == before[1] + 4
    print(
        f"published versions {before[0]} -> {after[0]} (+2 expected), "
        f"audit records {before[1]} -> {after[1]} (+4 expected), "
        f"versions without their revision: {after[2]}: "
        + ("INTACT" if versions_ok and audits_ok else "NOT INTACT")
    )
    goals = [
        ("no 500", fives == 0),
        (
            "recovery within 2 s of PostgreSQL's return",
            pg_recovery is not None and pg_recovery <= MAX_RECOVERY_SECONDS,
        ),
        ("no superseded page after Redis resumed", stale == 0),
        ("published versions and audit records intact", versions_ok and audits_ok),
    ]
    print()
    for text, ok in goals:
        print(f"{text:<54}{verdict(ok)}")
    return all(ok for _, ok in goals)


def fmt(seconds: float | None) -> str:
    return "never (within the wait)" if seconds is None else f"{seconds:.2f} s"


if __name__ == "__main__":
    os.chdir(BASE_DIR)
    sys.exit(main())
