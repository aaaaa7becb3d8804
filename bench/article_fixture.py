"""The Django side of bench/article_page.py, run in a subprocess whose environment
points at the throwaway bench database.

    seed     create and publish the anchor article; print its URL and size as JSON
    queries  request the page in-process; print its SQL queries as JSON
    profile  request the page many times under cProfile; print where time goes

The article has the shape of the SPEC's anchor (about 2,500 words, 10 sections, a
20-row table, 20 references), written and published through the real services
so that the page reads exactly what approval stores.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import sys
import time
from typing import Any

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests import factories  # noqa: E402

SLUG = "bench-neuroendocrine-tumours"
HOST = "127.0.0.1"
WORDS_PER_SECTION = 195

# Frequent words first: sampling by rank (Zipf) gives text whose gzip ratio is
# close to real prose, which a uniform draw from a small vocabulary would not.
_WORDS = """
the of and in to a is with for are or by be as at that from on patients tumours
which this not may have should can after than these more treatment disease when
it their most all been an but also has were other such who into only between
cells tumour cancer neuroendocrine surgery therapy diagnosis grade stage small
intestine pancreas lung liver metastases resection chemotherapy somatostatin
analogue imaging scintigraphy biopsy histology differentiated poorly well
prognosis survival median years months rate incidence risk factors symptoms
hormone secretion carcinoid syndrome flushing diarrhoea bronchospasm serotonin
chromogranin marker plasma urine index proliferation mitotic count fraction
classification staging lymph nodes primary distant local regional adjuvant
palliative follow-up clinical trial evidence recommendation guideline
multidisciplinary team referral centre specialised assessment computed
tomography magnetic resonance positron emission octreotide lanreotide
everolimus sunitinib peptide receptor radionuclide lutetium dose cycles toxicity
renal function bone marrow nausea fatigue quality life response progression
stable partial complete criteria measurable lesion endoscopy ultrasound
fine-needle aspiration cytology immunohistochemistry synaptophysin insulinoma
gastrinoma glucagonoma hypoglycaemia ulcer gastric duodenal rectal appendix
colon thymus adrenal ovarian testicular breast thyroid medullary familial
multiple endocrine neoplasia type genetic testing germline mutation counselling
relatives screening interval annual baseline elevated normal level reference
range laboratory value caution interpretation proton pump inhibitors falsely
raised kidney failure atrophic gastritis age sex distribution population
registry national data reported annually increase decades awareness detection
incidental finding asymptomatic presentation late delay often frequently rarely
usually typically generally occasionally approximately about nearly per cent
percent range higher lower larger smaller increased reduced improved prolonged
overall progression-free event mortality morbidity complication perioperative
anaesthesia crisis prophylaxis infusion before during operation hepatic
embolisation ablation radiofrequency transplantation selected young isolated
unresectable curative intent goal control symptom relief weight loss nutrition
vitamin deficiency pancreatic enzyme supplementation bile acid malabsorption
cardiac valve disease echocardiography right-sided heart failure diuretics
"""
_VOCABULARY = _WORDS.split()
_WEIGHTS = [1 / (rank + 1) for rank in range(len(_VOCABULARY))]

SECTIONS = [
    ("background", "Background"),
    ("etiology", "Etiology and risk factors"),
    ("histology", "Histology"),
    ("grading", "Grading"),
    ("staging", "Staging"),
    ("spread", "Spread"),
    ("symptoms", "Symptoms"),
    ("differential-diagnosis", "Differential diagnosis"),
    ("incidence", "Incidence by primary site"),
    ("prognosis", "Prognosis"),
]
SITES = [
    "Small intestine", "Lung", "Colon", "Pancreas", "Rectum", "Stomach", "Appendix",
    "Thymus", "Duodenum", "Oesophagus", "Gallbladder", "Liver", "Adrenal gland",
    "Ovary", "Testis", "Breast", "Thyroid", "Kidney", "Prostate", "Unknown primary",
]  # fmt: skip
JOURNALS = [
    "Cancer", "Lancet Oncol", "J Clin Oncol", "N Engl J Med", "Ann Oncol",
    "Neuroendocrinology", "Endocr Relat Cancer", "Gut", "Br J Surg", "JAMA Oncol",
]  # fmt: skip
SURNAMES = [
    "Hauso", "Gustafsson", "Kidd", "Modlin", "Yao", "Rindi", "Klimstra", "Pavel",
    "Strosberg", "Caplin", "Rinke", "Oberg", "Janson", "Sorbye", "Thiis-Evensen",
    "Grozinsky-Glasberg", "Kos-Kudla", "Garcia-Carbonero", "Ramage", "Falconi",
]  # fmt: skip


def _sentence(rng: random.Random, citations: int) -> str:
    words = rng.choices(_VOCABULARY, weights=_WEIGHTS, k=rng.randint(9, 24))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), f"({rng.randint(2, 60)} %)")
    if rng.random() < 0.2:
        words[rng.randrange(1, len(words))] += ","
    text = " ".join(words)
    if rng.random() < 0.3:
        text += f" [{rng.randint(1, citations)}]"
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int, citations: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(_sentence(rng, citations))
    return " ".join(sentences)


def _table(rng: random.Random) -> str:
    rows = [
        "| Primary site | Share of cases | Five-year survival |",
        "| --- | ---: | ---: |",
    ]
    rows += [
        f"| {site} | {rng.uniform(0.5, 25):.1f} % | {rng.randint(20, 95)} % |"
        for site in SITES
    ]
    return "\n".join(rows)


def _body(rng: random.Random, index: int, anchor: str, citations: int) -> str:
    """Prose with the things real sections carry: sub-headings, a list, emphasis,
    an in-page link, citations; one section holds the 20-row table."""
    blocks = [_paragraph(rng, WORDS_PER_SECTION // 3, citations)]
    if anchor == "incidence":
        blocks.append(_table(rng))
    if index % 3 == 0:
        blocks.append(f"### {_sentence(rng, citations)[:40].rstrip(' .,')}")
    blocks.append(_paragraph(rng, WORDS_PER_SECTION // 3, citations))
    if index % 2 == 0:
        blocks.append("\n".join(f"- {_sentence(rng, citations)}" for _ in range(4)))
    last = _paragraph(rng, WORDS_PER_SECTION // 4, citations)
    blocks.append(f"**Note:** {last} See [grading](#grading) for the grade.")
    return "\n\n".join(blocks)


def _references(rng: random.Random, count: int) -> list[dict[str, Any]]:
    refs = []
    for n in range(count):
        authors = ", ".join(
            f"{rng.choice(SURNAMES)} {rng.choice('ABCDEFGHJKLMOPS')}"
            for _ in range(rng.randint(1, 4))
        )
        refs.append(
            {
                "authors": authors + (", et al" if rng.random() < 0.5 else ""),
                "title": _sentence(rng, 1).split(" [")[0].rstrip("."),
                "journal": rng.choice(JOURNALS),
                "year": rng.randint(1995, 2025),
                "pmid": str(10_000_000 + rng.randrange(30_000_000)),
                "doi": f"10.{1000 + n}/bench.{rng.randrange(10**6)}",
            }
        )
    return refs


def seed() -> dict[str, Any]:
    rng = random.Random(2026)  # the same article on every run and machine
    editor = factories.make_editor("bench_editor")
    approver = factories.make_approver("bench_approver")
    cancer_type = factories.make_cancer_type(
        "bench-neuroendocrine",
        name_en="Neuroendocrine tumours (bench)",
        name_nb="Nevroendokrine svulster (bench)",
        icd10_codes="C7A",
    )
    sections = [
        (anchor, heading, _body(rng, index, anchor, citations=20))
        for index, (anchor, heading) in enumerate(SECTIONS)
    ]
    article = factories.save_article(
        user=editor,
        comment="First draft",
        cancer_type=cancer_type,
        title="Neuroendocrine tumours (bench)",
        slug=SLUG,
        summary=_paragraph(rng, 45, 20).replace(" [", " (").replace("].", ")."),
        icd10_codes="C17, C25.4, C34",
        ncsp_codes="JLC30, JFB00",
        sections=sections,
        references=_references(rng, 20),
    )
    article.medical_editors.add(editor)
    # Adding the editor saved nothing into the revision: save once more so the
    # published names include them, as an editor would in the admin.
    article = factories.save_article(user=editor, article=article, comment="Editors")
    version = factories.publish(article, editor=editor, approver=approver)
    return {
        "url": version.get_absolute_url(),
        "words": version.word_count,
        "sections": len(version.toc),
        "references": article.references.count(),
    }


def _client() -> Client:
    # The bench settings allow 127.0.0.1 only, not the test client's "testserver".
    return Client(HTTP_HOST=HOST)


def queries(url: str) -> dict[str, Any]:
    client = _client()
    client.get(url)  # the first request opens the connection and warms caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return {
        "status": response.status_code,
        "count": len(captured.captured_queries),
        "sql": [q["sql"] for q in captured.captured_queries],
    }


def profile(url: str, requests: int) -> str:
    client = _client()
    client.get(url)
    started = time.perf_counter()
    for _ in range(requests):
        client.get(url)
    plain = (time.perf_counter() - started) / requests
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    out.write(
        f"{requests} requests in-process through the test client: "
        f"{plain * 1000:.2f} ms each (cProfile below slows them down)\n"
    )
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed")
    for name in ("queries", "profile"):
        command = commands.add_parser(name)
        command.add_argument("url")
    commands.choices["profile"].add_argument("--requests", type=int, default=500)
    args = parser.parse_args(argv)
    if args.command == "seed":
        print(json.dumps(seed()))
    elif args.command == "queries":
        print(json.dumps(queries(args.url)))
    else:
        print(profile(args.url, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
