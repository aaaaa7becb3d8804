"""Demo datasets on neuroendocrine tumours (NETs), published through the review
workflow: imported by the demo editor, approved by the demo approver.

What the numbers are (epidemiology/data/demo/):
- net_norway_2013.csv: NETs registered in Norway in 2013, 612 in men and 602
  in women (1,214), as the Oncolex page of Oslo University Hospital states. No
  population at risk is given there, so no rate is computed.
- net_primary_sites.csv: primary sites of well-differentiated NETs as the same
  page lists them (small intestine 25 %, lung 20 %, colon 8 %, pancreas 7 %,
  rectum 6 %, stomach 5 %, appendix 5 %); the remaining 24 % is ours, labelled
  as the remainder.
- net_illustrative_incidence.csv: made-up age-banded counts and populations,
  2013-2022, to show rates, age standardisation and the trend chart. The
  dataset is flagged illustrative and every page showing it says so.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from epidemiology import services
from epidemiology.models import Dataset, Source, StandardPopulation
from oncolex.review import services as review
from oncolex.review.groups import APPROVERS, EDITORS
from oncolex.review.models import Submission

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"

OUS = {
    "publisher": "Oslo University Hospital",
    "publisher_nb": "Oslo universitetssykehus",
    "title": "Oncolex: Neuroendocrine tumors (background)",
    "year": 2018,
    "url": "",
    # The day the page's text was taken for this project.
    "retrieved_on": datetime.date(2026, 11, 25),
}
ILLUSTRATIVE_SOURCE = {
    "publisher": "Oncolex editorial team",
    "publisher_nb": "Oncolex-redaksjonen",
    "title": "Illustrative example data (not registry data)",
    "title_nb": "Illustrerende eksempeldata (ikke registerdata)",
    "year": 2026,
    "url": "",
    "retrieved_on": datetime.date(2026, 11, 25),
}
NO_ICD10_NB = (
    "WHO ICD-10, som brukes i Norge, har ingen kode for nevroendokrine svulster: "
    "de kodes etter organ, og registrene finner dem etter ICD-O-3-morfologi."
)
NO_ICD10 = (
    "WHO ICD-10, used in Norway, has no code for neuroendocrine tumours: they are "
    "coded by site, and registries find them by ICD-O-3 morphology."
)

DATASETS = [
    {
        "slug": "net-norway-2013",
        "title": "Neuroendocrine tumours registered in Norway, 2013",
        "title_nb": "Nevroendokrine svulster registrert i Norge, 2013",
        "diagnosis": "neuroendocrine tumours",
        "diagnosis_nb": "nevroendokrine svulster",
        "region": "Norway",
        "region_nb": "Norge",
        "source": OUS,
        "standard": "esp_2013",
        "illustrative": False,
        "note": "Counts as stated by Oslo University Hospital's Oncolex page; the "
        "page gives no population at risk, so no rates are shown. " + NO_ICD10,
        "note_nb": "Antall slik Oslo universitetssykehus' Oncolex-side oppgir dem; "
        "siden oppgir ikke befolkningen under risiko, så ingen rater vises. "
        + NO_ICD10_NB,
        "incidence": "net_norway_2013.csv",
    },
    {
        "slug": "net-primary-sites",
        "title": "Primary site of well-differentiated neuroendocrine tumours",
        "title_nb": "Utgangspunkt for høyt differensierte nevroendokrine svulster",
        "diagnosis": "well-differentiated neuroendocrine tumours",
        "diagnosis_nb": "høyt differensierte nevroendokrine svulster",
        "region": "region not stated by the source",
        "region_nb": "område ikke oppgitt i kilden",
        "source": OUS,
        "standard": "esp_2013",
        "illustrative": False,
        "note": "The source lists the seven commonest sites, which add up to 76 %. "
        "The row 'other sites (remainder)' (24 %) is the rest, computed by us; the "
        "source names thymus, adrenal glands, testicles, ovaries, breasts and "
        "thyroid gland among them.",
        "note_nb": "Kilden oppgir de sju vanligste utgangspunktene, som til sammen "
        "utgjør 76 %. Raden «andre utgangspunkt (resten)» (24 %) er resten, regnet ut "
        "av oss; kilden nevner blant annet thymus, binyrer, testikler, eggstokker, "
        "bryst og skjoldbruskkjertel.",
        "sites": "net_primary_sites.csv",
    },
    {
        "slug": "net-incidence-illustrative",
        "title": "Neuroendocrine tumours by age and sex: an illustrative example",
        "title_nb": "Nevroendokrine svulster etter alder og kjønn: et illustrerende "
        "eksempel",
        "diagnosis": "neuroendocrine tumours",
        "diagnosis_nb": "nevroendokrine svulster",
        "region": "illustrative, not a real population",
        "region_nb": "illustrerende, ikke en virkelig befolkning",
        "source": ILLUSTRATIVE_SOURCE,
        "standard": "esp_2013",
        "illustrative": True,
        "note": "Made-up numbers that show how crude and age-standardised rates, "
        "their confidence intervals and the trend chart are presented.",
        "note_nb": "Oppdiktede tall som viser hvordan rå og aldersstandardiserte "
        "rater, konfidensintervallene deres og trenddiagrammet presenteres.",
        "incidence": "net_illustrative_incidence.csv",
    },
]


class Command(BaseCommand):
    help = (
        "Create and publish the demo NET datasets (idempotent). Uses the users "
        "'editor' and 'approver', creating them without a password if missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            editor = self._user("editor", EDITORS)
            approver = self._user("approver", APPROVERS)
            for spec in DATASETS:
                self._load(spec, editor=editor, approver=approver)

    def _user(self, username: str, group: str) -> AbstractBaseUser:
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=username.title(), is_staff=True)
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=group))
            self.stdout.write(
                f"Created user {username!r} without a password "
                f"(set one with: manage.py changepassword {username})."
            )
        return user

    def _load(
        self,
        spec: dict[str, Any],
        *,
        editor: AbstractBaseUser,
        approver: AbstractBaseUser,
    ) -> None:
        details = {
            name: spec[name]
            for name in (
                "title",
                "title_nb",
                "diagnosis",
                "diagnosis_nb",
                "region",
                "region_nb",
                "illustrative",
                "note",
                "note_nb",
            )
        }
        dataset = Dataset.objects.select_related("source").filter(slug=spec["slug"])
        dataset = dataset.first()
        if (
            dataset is None
            or any(getattr(dataset, name) != value for name, value in details.items())
            or any(
                getattr(dataset.source, name, None) != value
                for name, value in spec["source"].items()
            )
        ):
            # New, or the demo's wording changed since it was loaded.
            with reversion.create_revision():
                reversion.set_user(editor)
                reversion.set_comment("Demo dataset details.")
                source, _ = Source.objects.update_or_create(
                    publisher=spec["source"]["publisher"],
                    title=spec["source"]["title"],
                    defaults=spec["source"],
                )
                dataset, _ = Dataset.objects.update_or_create(
                    slug=spec["slug"],
                    defaults={
                        **details,
                        "source": source,
                        "standard_population": StandardPopulation.objects.get(
                            slug=spec["standard"]
                        ),
                    },
                )
        for key, importer in (
            ("incidence", services.import_incidence),
            ("sites", services.import_site_shares),
        ):
            if key in spec:
                importer(
                    dataset=dataset,
                    data=(DEMO / spec[key]).read_bytes(),
                    user=editor,
                    comment="Demo numbers.",
                )
        latest = review.latest_revision_id(dataset)
        if latest == dataset.published_revision_id():
            self.stdout.write(f"{dataset.slug}: already published.")
            return
        submission = (
            Submission.objects.for_object(dataset)
            .pending()
            .filter(revision_id=latest)
            .first()
        ) or review.submit(obj=dataset, user=editor, comment="Demo numbers.")
        if not review.can_approve(submission=submission, user=approver):
            raise CommandError(
                f"{approver} may not approve {dataset.slug} (permissions or the "
                "four-eyes rule); nothing was published."
            )
        review.approve(
            submission=submission,
            user=approver,
            note="Demo dataset published.",
            note_nb="Demodatasett publisert.",
        )
        self.stdout.write(self.style.SUCCESS(f"{dataset.slug}: published."))
