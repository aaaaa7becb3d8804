"""What the demo holds: people, cancer types and articles, in publishing order.

Article bodies live in `texts/<language>/<slug>.md`, one `## Heading {#anchor}`
line per section, so that clinicians can proofread them as plain Markdown.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from articles.demo import references as refs
from articles.models import ArticleKind, ChapterType, Language, ProcedureType
from oncolex.review.groups import APPROVERS, EDITORS

TEXTS = Path(__file__).resolve().parent / "texts"
_SECTION = re.compile(r"^## (?P<heading>.+?) \{#(?P<anchor>[a-z0-9-]+)\}$")


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    group: str | None
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username.replace('_', '.')}@demo.oncolex.invalid"


@dataclass(frozen=True)
class DemoCancerType:
    slug: str
    name_en: str
    name_nb: str
    icd10_codes: str
    menu_position: int


@dataclass(frozen=True)
class DemoArticle:
    language: str
    slug: str
    title: str
    summary: str
    cancer_type: str
    icd10_codes: str
    author: str
    last_reviewed: datetime.date
    next_review_due: datetime.date
    approval_note: str
    references: tuple[dict[str, Any], ...] = ()
    medical_editors: tuple[str, ...] = ("editor", "second_editor")
    # The same article in the other language; it must come earlier in ARTICLES.
    translation_of: str | None = None
    chapter: str = ChapterType.BACKGROUND
    # (section anchor, slug of the epidemiology dataset shown after it).
    datasets: tuple[tuple[str, str], ...] = ()
    kind: str = ArticleKind.CHAPTER
    procedure_type: str = ""
    # Further cancer types a procedure serves, besides `cancer_type`.
    more_cancer_types: tuple[str, ...] = ()
    # (placement key, name of a DemoFigure): the figures the sections place.
    figures: tuple[tuple[str, str], ...] = ()
    # A second published version, so that history and compare show a change:
    # version 1 lacks the paragraphs and list items that start with these
    # texts; version 2 is the whole file, saved by another editor.
    added_in_version_2: tuple[str, ...] = ()
    version_2_author: str = ""
    version_2_note: str = ""

    @cached_property
    def sections(self) -> list[tuple[str, str, str]]:
        """(anchor, heading, body) read from the article's Markdown file."""
        path = TEXTS / self.language / f"{self.slug}.md"
        sections: list[tuple[str, str, list[str]]] = []
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            match = _SECTION.match(line)
            if match:
                sections.append((match["anchor"], match["heading"], []))
            elif sections:
                sections[-1][2].append(line)
            elif line.strip():
                raise ValueError(f"{path}:{number}: text before the first section.")
        if not sections:
            raise ValueError(f"{path}: no '## Heading {{#anchor}}' sections.")
        return [(a, h, "\n".join(body).strip()) for a, h, body in sections]

    @cached_property
    def first_sections(self) -> list[tuple[str, str, str]]:
        """The sections of version 1: without what version 2 added."""
        return [
            (anchor, heading, _without(body, self.added_in_version_2))
            for anchor, heading, body in self.sections
        ]


def _without(body: str, starts: tuple[str, ...]) -> str:
    """`body` less each paragraph or list item that starts with one of
    `starts` (up to the next blank line or list item)."""
    kept: list[str] = []
    dropping = False
    for line in body.splitlines():
        if any(line.startswith(start) for start in starts):
            dropping = True
            continue
        if dropping and (not line.strip() or line.startswith("- ")):
            dropping = False
        if not dropping:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


@dataclass(frozen=True)
class DemoFigure:
    """A schematic drawn by code (articles/demo/drawings.py), made and licensed
    by the project. Numbers in the drawing are explained by the captions."""

    name: str
    alt_en: str
    alt_nb: str
    caption_en: str
    caption_nb: str
    credit: str = "Oncolex"
    licence: str = "CC-BY-4.0"


FIGURES: tuple[DemoFigure, ...] = (
    DemoFigure(
        name="whipple-resection",
        alt_en=(
            "Schematic of the upper abdomen: the duodenum, the head of the "
            "pancreas, the gallbladder and the lower bile duct are shaded red as "
            "removed; dashed lines mark where the pancreas, bile duct, stomach "
            "outlet and jejunum are divided."
        ),
        alt_nb=(
            "Skjematisk tegning av øvre del av buken: tolvfingertarmen, hodet av "
            "bukspyttkjertelen, galleblæren og nedre del av gallegangen er farget "
            "røde fordi de fjernes; stiplede linjer viser hvor bukspyttkjertelen, "
            "gallegangen, magesekkens utløp og tynntarmen deles."
        ),
        caption_en=(
            "What a pancreaticoduodenectomy removes (red) and where the organs are "
            "divided (dashed lines): 1 the neck of the pancreas, 2 the bile duct, "
            "3 the stomach outlet (just beyond the pylorus in the "
            "pylorus-preserving operation), 4 the jejunum. 5 is the duodenum. "
            "Schematic, not to scale."
        ),
        caption_nb=(
            "Hva som fjernes ved pankreatoduodenektomi (rødt), og hvor organene "
            "deles (stiplede linjer): 1 halsen av bukspyttkjertelen, "
            "2 gallegangen, 3 magesekkens utløp (like nedenfor pylorus ved den "
            "pylorusbevarende operasjonen), 4 tynntarmen. 5 er tolvfingertarmen. "
            "Skjematisk, ikke i målestokk."
        ),
    ),
    DemoFigure(
        name="whipple-reconstruction",
        alt_en=(
            "Schematic of the reconstruction: one loop of small bowel is joined to "
            "the cut end of the pancreas, then to the bile duct, then to the "
            "stomach."
        ),
        alt_nb=(
            "Skjematisk tegning av rekonstruksjonen: én tynntarmsslynge er sydd til "
            "snittflaten på bukspyttkjertelen, deretter til gallegangen og så til "
            "magesekken."
        ),
        caption_en=(
            "The three joins to one loop of jejunum: 1 pancreas, 2 bile duct, "
            "3 stomach. Pancreatic juice and bile join the food further along the "
            "bowel. Schematic, not to scale."
        ),
        caption_nb=(
            "De tre sammenføyningene til én tynntarmsslynge: 1 bukspyttkjertelen, "
            "2 gallegangen, 3 magesekken. Bukspyttsaft og galle møter maten lenger "
            "nede i tarmen. Skjematisk, ikke i målestokk."
        ),
    ),
    DemoFigure(
        name="sstr-pet-distribution",
        alt_en=(
            "Schematic whole-body PET image, dark where much tracer gathers: grey "
            "normal organs, with the spleen darkest, and four black tumour "
            "deposits in the liver, the small bowel and a lymph node."
        ),
        alt_nb=(
            "Skjematisk PET-bilde av hele kroppen, mørkt der mye sporstoff samler "
            "seg: grå normale organer, milten mørkest, og fire svarte "
            "svulstforandringer i leveren, tynntarmen og en lymfeknute."
        ),
        caption_en=(
            "Where the tracer gathers, drawn as a PET image (dark = much tracer). "
            "Normal uptake: 1 pituitary gland, 2 thyroid gland, 3 liver, 4 spleen, "
            "5 kidney, 7 bladder (tracer excreted in the urine); the adrenal glands "
            "lie above the kidneys. Tumour: 6 primary tumour in the small bowel, "
            "8 liver metastasis, 9 metastasis in a mesenteric lymph node. "
            "Schematic, not a patient's image."
        ),
        caption_nb=(
            "Hvor sporstoffet samler seg, tegnet som et PET-bilde (mørkt = mye "
            "sporstoff). Normalt opptak: 1 hypofysen, 2 skjoldbruskkjertelen, "
            "3 leveren, 4 milten, 5 nyre, 7 urinblæren (sporstoffet skilles ut i "
            "urinen); binyrene ligger over nyrene. Svulst: 6 primærsvulst i "
            "tynntarmen, 8 levermetastase, 9 metastase i en lymfeknute i "
            "tarmkrøset. Skjematisk, ikke bilde av en pasient."
        ),
    ),
)


# Fixed demo passwords: this content is for a developer's machine only, and the
# command refuses to run unless DEBUG (or --force) says so.
USERS: tuple[DemoUser, ...] = (
    DemoUser("editor", "demo-editor-pw", "Dr. Ingrid", "Editor", EDITORS),
    DemoUser("second_editor", "demo-second-pw", "Dr. Jonas", "Coeditor", EDITORS),
    DemoUser("approver", "demo-approver-pw", "Dr. Astrid", "Approver", APPROVERS),
    DemoUser("admin", "demo-admin-pw", "Demo", "Administrator", None, True),
)
APPROVER = "approver"

# WHO ICD-10 (the version used in Norway). It has no category of its own for
# neuroendocrine tumours: they are coded by site (C7A is US ICD-10-CM only).
CANCER_TYPES: tuple[DemoCancerType, ...] = (
    DemoCancerType(
        "neuroendocrine-tumours",
        "Neuroendocrine tumours",
        "Nevroendokrine svulster",
        "C16 C17 C18 C19 C20 C25.4 C34 E34.0",
        10,
    ),
    DemoCancerType(
        "pancreatic-cancer", "Pancreatic cancer", "Kreft i bukspyttkjertelen", "C25", 20
    ),
    DemoCancerType(
        "colorectal-cancer",
        "Colorectal cancer",
        "Tykk- og endetarmskreft",
        "C18 C19 C20",
        30,
    ),
)

_NET_REFERENCES = (
    refs.HAUSO_2008,
    refs.THIIS_EVENSEN_2023,
    refs.NAGTEGAAL_2020,
    refs.DASARI_2017,
)
_NET_DATES = {
    "last_reviewed": datetime.date(2026, 11, 2),
    "next_review_due": datetime.date(2028, 11, 1),
}

_NET_CODES = "C16 C17 C18 C19 C20 C25.4 C34 E34.0"

# Publishing order matters: internal `article:` links resolve against what is
# already published, so the neuroendocrine chapters go first.
ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        language=Language.ENGLISH,
        slug="neuroendocrine-tumours",
        title="Neuroendocrine tumours",
        summary=(
            "Tumours of hormone-producing cells that can arise in almost any organ, "
            "most often the gut, pancreas and lungs. Covers NET versus NEC, how "
            "often they occur in Norway, grading by Ki-67 and mitoses, spread, "
            "symptoms and prognosis."
        ),
        datasets=(("incidence", "net-primary-sites"),),
        cancer_type="neuroendocrine-tumours",
        icd10_codes="C16 C17 C18 C19 C20 C25.4 C34 E34.0",
        author="editor",
        references=_NET_REFERENCES,
        approval_note="First published version of the chapter.",
        added_in_version_2=("WHO ICD-10, the version used in Norway", "- Rarer"),
        version_2_author="second_editor",
        version_2_note=(
            "Added how neuroendocrine tumours are coded in WHO ICD-10 as used in "
            "Norway, and the rarer hormone syndromes."
        ),
        **_NET_DATES,
    ),
    DemoArticle(
        language=Language.BOKMAL,
        slug="nevroendokrine-svulster",
        title="Nevroendokrine svulster",
        summary=(
            "Svulster i hormonproduserende celler som kan oppstå i nesten alle "
            "organer, oftest i tarmen, bukspyttkjertelen og lungene. Om NET og NEC, "
            "forekomst i Norge, gradering etter Ki-67 og mitoser, spredning, "
            "symptomer og prognose."
        ),
        cancer_type="neuroendocrine-tumours",
        icd10_codes="C16 C17 C18 C19 C20 C25.4 C34 E34.0",
        author="second_editor",
        references=_NET_REFERENCES,
        translation_of="neuroendocrine-tumours",
        datasets=(("forekomst", "net-primary-sites"),),
        approval_note="Første publiserte versjon av kapitlet.",
        added_in_version_2=("WHOs ICD-10, som brukes i Norge", "- Sjeldnere"),
        version_2_author="editor",
        version_2_note=(
            "La til hvordan nevroendokrine svulster kodes i WHOs ICD-10 slik den "
            "brukes i Norge, og de sjeldnere hormonsyndromene."
        ),
        **_NET_DATES,
    ),
    DemoArticle(
        language=Language.ENGLISH,
        slug="pancreatic-cancer",
        title="Pancreatic cancer",
        summary=(
            "Background on cancer of the pancreas: the main tumour types, risk "
            "factors, symptoms and why most patients are diagnosed late."
        ),
        cancer_type="pancreatic-cancer",
        icd10_codes="C25",
        author="editor",
        references=(refs.NAGTEGAAL_2020,),
        last_reviewed=datetime.date(2026, 9, 14),
        next_review_due=datetime.date(2028, 9, 1),
        approval_note="First published version of the chapter.",
    ),
    DemoArticle(
        language=Language.BOKMAL,
        slug="kreft-i-bukspyttkjertelen",
        title="Kreft i bukspyttkjertelen",
        summary=(
            "Bakgrunn om kreft i bukspyttkjertelen: de viktigste svulsttypene, "
            "risikofaktorer, symptomer og hvorfor de fleste får diagnosen sent."
        ),
        cancer_type="pancreatic-cancer",
        icd10_codes="C25",
        author="editor",
        references=(refs.NAGTEGAAL_2020,),
        translation_of="pancreatic-cancer",
        last_reviewed=datetime.date(2026, 9, 14),
        next_review_due=datetime.date(2028, 9, 1),
        approval_note="Første publiserte versjon av kapitlet.",
    ),
    # Its review date has passed on purpose: the admin's review-cycle list then
    # has something to show in a fresh demo.
    DemoArticle(
        language=Language.ENGLISH,
        slug="colorectal-cancer",
        title="Colorectal cancer",
        summary=(
            "Background on cancer of the colon and rectum: risk factors, how the "
            "tumours develop from precursor lesions, symptoms, and neuroendocrine "
            "tumours of the large bowel."
        ),
        cancer_type="colorectal-cancer",
        icd10_codes="C18 C19 C20",
        author="second_editor",
        references=(refs.NAGTEGAAL_2020, refs.HAUSO_2008),
        last_reviewed=datetime.date(2024, 5, 6),
        next_review_due=datetime.date(2026, 5, 6),
        approval_note="First published version of the chapter.",
    ),
    DemoArticle(
        language=Language.BOKMAL,
        slug="tykk-og-endetarmskreft",
        title="Tykk- og endetarmskreft",
        summary=(
            "Bakgrunn om kreft i tykktarmen og endetarmen: risikofaktorer, hvordan "
            "svulstene utvikler seg fra forstadier, symptomer, og nevroendokrine "
            "svulster i tykktarmen."
        ),
        cancer_type="colorectal-cancer",
        icd10_codes="C18 C19 C20",
        author="second_editor",
        references=(refs.NAGTEGAAL_2020, refs.HAUSO_2008),
        translation_of="colorectal-cancer",
        last_reviewed=datetime.date(2024, 5, 6),
        next_review_due=datetime.date(2026, 5, 6),
        approval_note="Første publiserte versjon av kapitlet.",
    ),
    # Procedures, after the chapters they link to; the PET article before the
    # operation, which links to it.
    DemoArticle(
        language=Language.ENGLISH,
        slug="somatostatin-receptor-pet-ct",
        title="Somatostatin-receptor PET/CT",
        summary=(
            "Imaging of somatostatin receptors with a gallium-68 or copper-64 "
            "tracer to stage neuroendocrine tumours, find an unknown primary and "
            "select patients for radionuclide therapy: indications, preparation, "
            "the examination and how the images are read."
        ),
        kind=ArticleKind.PROCEDURE,
        chapter="",
        procedure_type=ProcedureType.DIAGNOSTIC,
        cancer_type="neuroendocrine-tumours",
        icd10_codes=_NET_CODES,
        author="editor",
        references=(refs.HOPE_2023, refs.STROSBERG_2017),
        figures=(("sstr-pet-distribution", "sstr-pet-distribution"),),
        approval_note="First published version of the procedure.",
        **_NET_DATES,
    ),
    DemoArticle(
        language=Language.BOKMAL,
        slug="somatostatinreseptor-pet-ct",
        title="Somatostatinreseptor-PET/CT",
        summary=(
            "Avbildning av somatostatinreseptorer med gallium-68- eller "
            "kobber-64-merket sporstoff for å stadieinndele nevroendokrine "
            "svulster, finne ukjent primærsvulst og velge ut pasienter til "
            "radionuklidbehandling: indikasjoner, forberedelser, undersøkelsen og "
            "tolkningen av bildene."
        ),
        kind=ArticleKind.PROCEDURE,
        chapter="",
        procedure_type=ProcedureType.DIAGNOSTIC,
        cancer_type="neuroendocrine-tumours",
        icd10_codes=_NET_CODES,
        author="second_editor",
        references=(refs.HOPE_2023, refs.STROSBERG_2017),
        translation_of="somatostatin-receptor-pet-ct",
        figures=(("sstr-pet-distribution", "sstr-pet-distribution"),),
        approval_note="Første publiserte versjon av prosedyren.",
        **_NET_DATES,
    ),
    DemoArticle(
        language=Language.ENGLISH,
        slug="pancreaticoduodenectomy",
        title="Pancreaticoduodenectomy (Whipple procedure)",
        summary=(
            "Removal of the head of the pancreas with the duodenum, the lower bile "
            "duct and the gallbladder, for tumours in and around the pancreatic "
            "head: indications, the resection and the three joins, complications "
            "and treatment afterwards."
        ),
        kind=ArticleKind.PROCEDURE,
        chapter="",
        procedure_type=ProcedureType.SURGERY,
        cancer_type="pancreatic-cancer",
        more_cancer_types=("neuroendocrine-tumours",),
        icd10_codes="C17.0 C24.0 C24.1 C25.0 C25.4",
        author="editor",
        references=(
            refs.ARE_2011,
            refs.BASSI_2017,
            refs.WENTE_2007,
            refs.FENOCCHIO_2019,
        ),
        figures=(
            ("whipple-resection", "whipple-resection"),
            ("whipple-reconstruction", "whipple-reconstruction"),
        ),
        last_reviewed=datetime.date(2026, 10, 20),
        next_review_due=datetime.date(2028, 10, 1),
        approval_note="First published version of the procedure.",
    ),
    DemoArticle(
        language=Language.BOKMAL,
        slug="pankreatoduodenektomi",
        title="Pankreatoduodenektomi (whippleoperasjon)",
        summary=(
            "Fjerning av hodet av bukspyttkjertelen med tolvfingertarmen, nedre del "
            "av gallegangen og galleblæren, ved svulster i og rundt pankreashodet: "
            "indikasjoner, reseksjonen og de tre sammenføyningene, komplikasjoner "
            "og videre behandling."
        ),
        kind=ArticleKind.PROCEDURE,
        chapter="",
        procedure_type=ProcedureType.SURGERY,
        cancer_type="pancreatic-cancer",
        more_cancer_types=("neuroendocrine-tumours",),
        icd10_codes="C17.0 C24.0 C24.1 C25.0 C25.4",
        author="second_editor",
        references=(
            refs.ARE_2011,
            refs.BASSI_2017,
            refs.WENTE_2007,
            refs.FENOCCHIO_2019,
        ),
        translation_of="pancreaticoduodenectomy",
        figures=(
            ("whipple-resection", "whipple-resection"),
            ("whipple-reconstruction", "whipple-reconstruction"),
        ),
        last_reviewed=datetime.date(2026, 10, 20),
        next_review_due=datetime.date(2028, 10, 1),
        approval_note="Første publiserte versjon av prosedyren.",
    ),
)
