"""Figure budgets: renditions of a 24-megapixel photo (time and peak memory),
the weight of the 960-pixel rendition of a typical photo, and an article page
with 10 figures (HTML weight and SQL queries, beside the same page without).

Steps: write two synthetic camera JPEGs into a temp dir (6000 x 4000 and
4000 x 3000 pixels: shading, shapes and sensor-like grain, so they compress like
photographs); then, each in a fresh child process so that its peak resident set
size is its own: the upload check and re-encoding (figures.images.clean_image)
of the 24-megapixel photo; the renditions made at approval
(figures.renditions.make_renditions) from the stored original, the budgeted
step; the renditions of the 12-megapixel photo, whose 960-pixel files are
weighed. Finally, on a throwaway SQLite database, an article with 10 sections is
published with and without a figure in each section and its page is requested
in-process.

Budgets (SPEC, "Budgets"): renditions of a 24-megapixel photo under 2 s and
300 MB peak; the 960-pixel rendition under 150 KB; the page HTML under 60 KB
and its query count unchanged by figures. Peak memory includes the Python,
Django and Pillow baseline, reported separately.

    .venv/bin/python bench/renditions.py
    .venv/bin/python bench/renditions.py --check     # exit 1 if a budget is missed
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BASE_DIR, production_env, python, run, verdict

BENCH = Path(__file__).resolve()
MAX_SECONDS = 2.0
MAX_PEAK_MB = 300.0
MAX_RENDITION_BYTES = 150_000
MAX_PAGE_BYTES = 60_000


def _peak_mb() -> float:
    """This process's peak resident set size. VmHWM, not ru_maxrss: the latter
    survives exec, so a child would inherit its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _photo(width: int, height: int) -> bytes:
    """A synthetic camera JPEG: shading, shapes and texture at several scales
    (a smooth picture would compress far better than a photograph does)."""
    from PIL import Image, ImageChops, ImageDraw

    def texture(scale: int, sigma: float) -> Image.Image:
        small = Image.effect_noise((width // scale, height // scale), sigma)
        return small.resize((width, height), Image.Resampling.BICUBIC)

    detail = texture(1, 12)
    for scale, sigma in ((4, 22), (32, 60)):
        detail = ImageChops.overlay(detail, texture(scale, sigma))
    base = Image.linear_gradient("L").resize((width, height))
    channels = [
        Image.blend(base, detail, 0.35),
        Image.blend(base.transpose(Image.Transpose.FLIP_LEFT_RIGHT), detail, 0.3),
        Image.blend(base.transpose(Image.Transpose.FLIP_TOP_BOTTOM), detail, 0.4),
    ]
    image = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(image)
    for n in range(60):
        x, y = (n * 977) % width, (n * 613) % height
        r = 40 + (n * 131) % (min(width, height) // 5)
        colour = (120 + n * 37 % 130, 70 + n * 53 % 150, 60 + n * 71 % 140)
        draw.ellipse((x, y, x + r, y + r), outline=colour, width=12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def child_upload(path: str) -> dict[str, Any]:
    import django

    django.setup()
    from figures import services
    from figures.images import clean_image
    from figures.models import Figure

    data = Path(path).read_bytes()
    baseline = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    clean = clean_image(data, Path(path).name)
    figure = Figure()
    services.attach_image(figure, clean)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "name": figure.image,
        "size": [clean.width, clean.height],
        "bytes_in": len(data),
        "bytes_stored": len(clean.data),
    }


def child_renditions(name: str, width: int, height: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.files.storage import default_storage

    from figures.renditions import make_renditions

    baseline = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    renditions = make_renditions(name, (width, height))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "files": [
            {
                "width": r.width,
                "mime": r.mime,
                "bytes": default_storage.size(r.name),
            }
            for r in renditions
        ],
    }


def child_page(photo: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from figures.images import clean_image
    from tests import factories
    from tests.figures.helpers import make_figure

    editor = factories.make_editor("bench_editor")
    approver = factories.make_approver("bench_approver")
    data = Path(photo).read_bytes()
    clean_image(data, "typical.jpg")  # fail early on a bad file
    results = {}
    for count in (0, 10):
        sections = [
            (
                f"s{n}",
                f"Step {n}",
                "The surgeon divides the tissue and checks the margins. " * 20
                + (f"\n\n![Step {n}](figure:f{n})" if count else ""),
            )
            for n in range(10)
        ]
        figures = {
            f"f{n}": make_figure(data=data, filename="typical.jpg", name=f"Step {n}")
            for n in range(count)
        }
        article = factories.save_article(
            user=editor, slug=f"bench-{count}", sections=sections, figures=figures
        )
        version = factories.publish(article, editor=editor, approver=approver)
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(version.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(version.get_absolute_url())
        results[str(count)] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
            "gzip_bytes": len(gzip.compress(response.content)),
            "figures": response.content.count(b"<figure "),
        }
    return results


def _child(env: dict[str, str], *args: str) -> dict[str, Any]:
    return json.loads(run([python(), str(BENCH), "child", *args], env).splitlines()[-1])


def _report(results: dict[str, Any]) -> list[str]:
    """Print the results; return the budgets missed."""
    missed = []
    upload, big, typical, page = (
        results["upload"],
        results["renditions_24mp"],
        results["renditions_12mp"],
        results["page"],
    )
    print(
        f"upload check + re-encode, 24 MP ({upload['bytes_in'] / 1e6:.1f} MB in, "
        f"{upload['bytes_stored'] / 1e6:.1f} MB stored): {upload['seconds']:.2f} s "
        f"({upload['cpu_seconds']:.2f} s CPU), "
        f"peak {upload['peak_mb']:.0f} MB (baseline {upload['baseline_mb']:.0f} MB)"
    )
    print(
        f"renditions, 24 MP: {big['seconds']:.2f} s ({big['cpu_seconds']:.2f} s CPU; "
        f"budget {MAX_SECONDS} s), "
        f"peak {big['peak_mb']:.0f} MB (budget {MAX_PEAK_MB:.0f} MB; baseline "
        f"{big['baseline_mb']:.0f} MB), {len(big['files'])} files"
    )
    if big["seconds"] >= MAX_SECONDS:
        missed.append("renditions time")
    if big["peak_mb"] >= MAX_PEAK_MB:
        missed.append("renditions memory")
    for f in typical["files"]:
        flag = ""
        if f["width"] == 960:
            flag = f"  (budget {MAX_RENDITION_BYTES // 1000} KB)"
            if f["bytes"] >= MAX_RENDITION_BYTES:
                missed.append(f"960-px {f['mime']} weight")
        weight = f"{f['bytes'] / 1000:6.1f} KB"
        print(f"  12 MP -> {f['width']:>5} px {f['mime']:<10} {weight}{flag}")
    for count, row in page.items():
        print(
            f"article page, {count:>2} figures: {row['bytes'] / 1000:.1f} KB HTML "
            f"({row['gzip_bytes'] / 1000:.1f} KB gzip), {row['queries']} queries, "
            f"{row['figures']} <figure>"
        )
    if page["10"]["bytes"] >= MAX_PAGE_BYTES:
        missed.append("page weight")
    if page["10"]["queries"] != page["0"]["queries"]:
        missed.append("page queries")
    return missed


def main(argv: list[str]) -> int:
    if argv[:1] == ["child"]:
        command, *args = argv[1:]
        result = {
            "upload": lambda: child_upload(*args),
            "renditions": lambda: child_renditions(args[0], int(args[1]), int(args[2])),
            "page": lambda: child_page(*args),
        }[command]()
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 on a miss")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="oncolex-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = production_env(
            tmp, settings_extra=f"MEDIA_ROOT = {str(tmp / 'media')!r}\n"
        )
        env["PYTHONPATH"] += f":{BASE_DIR}"
        photos = {"24mp.jpg": (6000, 4000), "12mp.jpg": (4000, 3000)}
        for name, size in photos.items():
            (tmp / name).write_bytes(_photo(*size))
        run([python(), "manage.py", "migrate", "--no-input", "-v0"], env)
        # The page renders with hashed static names, as in production.
        run([python(), "manage.py", "collectstatic", "--no-input", "-v0"], env)
        results: dict[str, Any] = {
            "upload": _child(env, "upload", str(tmp / "24mp.jpg"))
        }
        stored = results["upload"]
        results["renditions_24mp"] = _child(
            env, "renditions", stored["name"], *map(str, stored["size"])
        )
        typical = _child(env, "upload", str(tmp / "12mp.jpg"))
        results["renditions_12mp"] = _child(
            env, "renditions", typical["name"], *map(str, typical["size"])
        )
        results["page"] = _child(env, "page", str(tmp / "12mp.jpg"))
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average during the run: {' '.join(load)} (wall times grow with it)")
    missed = _report(results)
    if missed:
        print(f"{verdict(False)}: " + ", ".join(missed))
    return 1 if missed and options.check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
