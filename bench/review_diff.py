"""The SPEC's budget for the approver's diff: a 40-section, 10,000-word article
in which every paragraph changed renders its diff in under 1 s.

Steps: a throwaway SQLite database in a temp dir, `migrate`; then, in a
subprocess on that database (`--inner`), an article of 40 sections of 5
paragraphs of 50 words (with a list and a table per section, 10 references),
saved as revision 1; every paragraph changed by a few words, one paragraph
added and one removed per section, and saved as revision 2. It times, best of
`--repeat` runs:

- engine: `oncolex.htmldiff.diff_html` alone on the two rendered bodies;
- diff: `ARTICLES.diff` (both revisions rendered as approval
  renders them, the details compared, the engine, the template), which is what
  the review page and the admin compare call;
- review page: the approver's whole review page through Django's test client.

    .venv/bin/python bench/review_diff.py [--repeat 5] [--check]

`--check` exits 1 when the diff misses the 1 s budget.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import production_env, python, run, verdict

BUDGET_SECONDS = 1.0
SECTIONS = 40
PARAGRAPHS = 6
WORDS = 50  # 40 x 5 kept x 50, plus lists, tables: over 10,000 words


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the diff")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        print(json.dumps(_measure(args.repeat, profile=args.profile)))
        return 0
    with tempfile.TemporaryDirectory(prefix="oncolex-bench-diff-") as tmp:
        env = production_env(Path(tmp))
        run([python(), "manage.py", "migrate", "--no-input", "-v0"], env)
        # The review page links the admin's static files (hashed names).
        run([python(), "manage.py", "collectstatic", "--no-input", "-v0"], env)
        inner = [python(), __file__, "--inner", "--repeat", str(args.repeat)]
        inner += ["--profile"] if args.profile else []
        result = json.loads(run(inner, env))
    print(
        f"Article: {result['sections']} sections, {result['words']} words, "
        f"{result['paragraphs']} paragraphs, every one changed"
    )
    print(f"Summary line: {result['summary']}")
    for name in ("engine", "diff", "source diff", "review page"):
        print(f"  {name:<12} best {result[name]:.3f} s")
    print(result["profile"], end="")
    ok = result["diff"] < BUDGET_SECONDS
    print(f"Budget: diff under {BUDGET_SECONDS:.0f} s: {verdict(ok)}")
    return 1 if args.check and not ok else 0


def _sections(version: int) -> list[tuple[str, str, str]]:
    """Section n, paragraph p: the same words in both versions except a few
    per paragraph; version 2 also drops one paragraph and adds another."""
    import random

    rng = random.Random(7)
    vocabulary = [
        *("tumour", "cells", "grow", "slowly", "in", "the", "small", "intestine"),
        *("and", "pancreas", "while", "grade", "stage", "govern", "prognosis"),
        *("of", "patients", "with", "metastases", "to", "liver", "lymph", "nodes"),
        *("after", "resection", "or", "medical", "treatment", "a", "is", "are"),
    ]
    sections = []
    for n in range(SECTIONS):
        paragraphs = []
        for p in range(PARAGRAPHS):
            words = [rng.choice(vocabulary) for _ in range(WORDS)]
            if version == 2:
                for position in (3, 17, 31, 44):
                    words[position] = f"changed{n}x{p}"
            paragraphs.append(" ".join(words) + f" [{1 + (n + p) % 10}].")
        if version == 2:
            paragraphs.pop(2)
            paragraphs.append(f"A paragraph added in version 2 to section {n}.")
        table = "| Grade | Ki-67 |\n| --- | --- |\n| G1 | below 3% |\n" + (
            "| G2 | 3% to 20% |" if version == 2 else "| G2 | 3% to 19% |"
        )
        body = "\n\n".join([*paragraphs, "- first item\n- second item", table])
        sections.append((f"section-{n}", f"Section {n}", body))
    return sections


def _measure(repeat: int, *, profile: bool = False) -> dict[str, object]:
    import django

    django.setup()
    from django.test import Client

    from articles.models import Article
    from articles.publishing import ARTICLES, build_version, revision_diff
    from oncolex import htmldiff
    from oncolex.review import services
    from oncolex.review.services import latest_revision_id
    from tests import factories

    editor = factories.make_editor("bench-editor")
    approver = factories.make_approver("bench-approver")
    references = [
        {"authors": f"Author {n}", "title": f"Study {n}", "year": 2020, "pmid": str(n)}
        for n in range(1, 11)
    ]
    article = factories.save_article(
        user=editor, sections=_sections(1), references=references
    )
    old = latest_revision_id(article)
    factories.publish(article, editor=editor, approver=approver)
    factories.save_article(user=editor, article=article, sections=_sections(2))
    new = latest_revision_id(article)
    submission = services.submit(obj=article, user=editor)
    reviewer = factories.make_approver("bench-reviewer")

    from reversion.models import Revision

    def fresh() -> Article:
        return Article.objects.get(pk=article.pk)

    bodies = [
        build_version(article, Revision.objects.get(pk=pk)).version.body_html
        for pk in (old, new)
    ]
    timings = {
        "engine": _best(repeat, lambda: htmldiff.diff_html(*bodies)),
        # A fresh instance each time, as each request has: built revisions
        # are kept on the instance.
        "diff": _best(repeat, lambda: ARTICLES.diff(fresh(), old, new)),
        "source diff": _best(repeat, lambda: ARTICLES.source_diff(fresh(), old, new)),
    }
    client = Client()
    client.force_login(reviewer)
    url = f"/admin/oncolex/submission/{submission.pk}/change/"
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    timings["review page"] = _best(
        repeat, lambda: client.get(url, HTTP_HOST="127.0.0.1")
    )
    diff = revision_diff(article, old, new)
    profiled = _profile(lambda: ARTICLES.diff(fresh(), old, new)) if profile else ""
    words = sum(len(body.split()) for _a, _h, body in _sections(2))
    return {
        **timings,
        "sections": SECTIONS,
        "words": words,
        "paragraphs": SECTIONS * PARAGRAPHS,
        "summary": "; ".join(diff.summary),
        "profile": profiled,
    }


def _profile(action: Callable[[], object]) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(action)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def _best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
