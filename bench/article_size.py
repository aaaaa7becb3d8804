"""Page weight of long articles against the SPEC's HTML budget (under 60 KB,
gzip under 15 KB).

Steps: a throwaway SQLite database in a temp dir, `migrate`, `collectstatic`;
then, in a subprocess on that database (`--inner`), articles of the anchor
article's prose (bench/long_article.py: citations, sub-headings, lists, an
in-page link per section, the 20-row table, 20 references) written, submitted
and approved through the real services, and each page requested as a reader:
as stored and served (raw), and gzipped by the site's own middleware (what a
browser gets). The articles:

- the anchor (bench/article_fixture.py: 10 sections, about 2,500 words);
- 40 short sections (about 150 words each, 6,000 words): the budgeted
  40-section article;
- 10 sections of the same length: with the 40, what one more section costs;
- 40 long sections (about 260 words each, 10,500 words, the review-diff
  bench's size), whose words alone are over the budget;
- the budgeted article with 10 embedded dataset tables.

For each it prints words, raw and gzip size, and how much of the page is the
words readers read (the text between tags) and how much is markup; then the
markup and text one more section adds. `--check` exits 1 when the budgeted
article misses the budget. `--keep DIR` saves the pages there.

    .venv/bin/python bench/article_size.py [--check] [--keep /tmp/pages]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import production_env, python, run, verdict

MAX_RAW = 60 * 1024
MAX_GZIP = 15 * 1024
# (label, sections, words per section, embedded datasets); the anchor apart.
ARTICLES = [
    ("10 short sections", 10, 125, 0),
    ("40 short sections", 40, 125, 0),
    ("40 long sections", 40, 250, 0),
    ("40 short + 10 tables", 40, 125, 10),
]
BUDGETED = ARTICLES[1][0]
_TAG = re.compile(r"<[^>]*>")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--keep", type=Path, help="save the pages in this directory")
    parser.add_argument("--inner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        print(json.dumps(_measure(args.inner)))
        return 0
    with tempfile.TemporaryDirectory(prefix="oncolex-bench-size-") as tmp:
        env = production_env(Path(tmp))
        run([python(), "manage.py", "migrate", "--no-input", "-v0"], env)
        # Pages link the stylesheet by its hashed name.
        run([python(), "manage.py", "collectstatic", "--no-input", "-v0"], env)
        pages = args.keep or Path(tmp) / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        rows = json.loads(run([python(), __file__, "--inner", str(pages)], env))
    return 0 if report(rows) or not args.check else 1


def report(rows: dict[str, dict[str, int]]) -> bool:
    print("Article pages as readers get them (in-process, DEBUG off)")
    print(f"{'article':<22}{'words':>7}{'raw KB':>9}{'gzip KB':>9}"
          f"{'text KB':>9}{'markup KB':>11}{'text gzip KB':>14}")  # fmt: skip
    for label, row in rows.items():
        print(
            f"{label:<22}{row['words']:>7,}{row['raw'] / 1024:>9.1f}"
            f"{row['gzip'] / 1024:>9.1f}{row['text'] / 1024:>9.1f}"
            f"{(row['raw'] - row['text']) / 1024:>11.1f}"
            f"{row['text_gzip'] / 1024:>14.1f}"
        )
    short, long = rows[ARTICLES[0][0]], rows[BUDGETED]
    added = 30
    markup = (long["raw"] - long["text"] - short["raw"] + short["text"]) / added
    text = (long["text"] - short["text"]) / added
    print(
        f"\none more short section adds {text:.0f} bytes of text and "
        f"{markup:.0f} bytes of markup (from the 10- and 40-section articles)"
    )
    budgeted = rows[BUDGETED]
    ok = budgeted["raw"] < MAX_RAW and budgeted["gzip"] < MAX_GZIP
    print(
        f"budget: the article of {BUDGETED} under {MAX_RAW // 1024} KB raw and "
        f"{MAX_GZIP // 1024} KB gzip: {verdict(ok)}"
    )
    words = rows[ARTICLES[2][0]]
    print(
        f"(a {words['words']:,}-word article cannot be: its text alone is "
        f"{words['text'] / 1024:.1f} KB, {words['text_gzip'] / 1024:.1f} KB gzip)"
    )
    return ok


def _measure(pages: Path) -> dict[str, dict[str, int]]:
    import gzip
    import html
    import random

    import django

    django.setup()
    import article_fixture
    import long_article
    from django.test import Client

    from articles.models import PublishedArticle
    from tests import factories

    editor = factories.make_editor("size_editor")
    approver = factories.make_approver("size_approver")
    cancer_type = factories.make_cancer_type(
        "size-bench", name_en="Neuroendocrine tumours", name_nb="Nevroendokrine"
    )
    datasets = long_article.published_datasets(10, editor=editor, approver=approver)
    versions = {"anchor (10 sections)": article_fixture.seed()["url"]}
    rng = random.Random(40)
    for label, count, words, tables in ARTICLES:
        slug = "size-" + re.sub(r"[^a-z0-9]+", "-", label).strip("-")
        version = long_article.publish(
            slug=slug,
            title="Neuroendocrine tumours: " + label,
            sections=long_article.sections(rng, count, words, datasets[:tables]),
            editor=editor,
            approver=approver,
            cancer_type=cancer_type,
            rng=rng,
        )
        versions[label] = version.get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    rows = {}
    for label, url in versions.items():
        page = client.get(url).content
        squeezed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert squeezed["Content-Encoding"] == "gzip", url
        (pages / f"{url.strip('/').replace('/', '_')}.html").write_bytes(page)
        text = html.unescape(_TAG.sub("", page.decode())).encode()
        slug = url.rstrip("/").rsplit("/", 1)[1]
        rows[label] = {
            "words": PublishedArticle.objects.get(slug=slug).word_count,
            "raw": len(page),
            "gzip": len(squeezed.content),
            "text": len(text),
            "text_gzip": len(gzip.compress(text, compresslevel=6)),
        }
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
