"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Playwright cannot download its own browsers here, so we launch the system
Chromium (`.ci/run` installs it). The live server needs committed data, so these
tests use a transactional database; `serialized_rollback` puts back what the
data migrations created (the Editors and Approvers groups) after each flush.
Any other transactional test that needs those groups must ask for
`serialized_rollback` too: a flush by a test that did not leaves them gone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.contrib.auth.models import User
from django.db import connections
from playwright.sync_api import Page, Playwright

from tests import factories

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA that axe checks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

AXE_SOURCE_PATH = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def _chromium() -> str:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail(
            "Chromium is missing: install Debian's package with "
            "`apt-get install -y chromium` (.ci/run does)."
        )
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": _chromium(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def _serialized_databases(django_db_setup: None) -> dict[str, str]:
    """What the migrations left in each test database, as Django serialised it
    for `serialized_rollback` (it keeps it on the connection object)."""
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def playwright(
    _serialized_databases: dict[str, str], playwright: Playwright
) -> Playwright:
    """Playwright's sync API leaves its event loop marked as running in this
    thread, so from now on Django (through asgiref) hands the tests new
    connection objects, which lack the serialised contents. Without them
    `serialized_rollback` would restore nothing, and every test after the first
    would find the Editors and Approvers groups flushed away."""
    for alias, contents in _serialized_databases.items():
        connections[alias]._test_serialized_contents = contents
    return playwright


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"    {line}" for line in summary.splitlines())
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_violations() -> Callable[[Page], str]:
    """Run axe-core on the page; return its WCAG A/AA violations as readable text.

    The pages' CSP forbids script elements, so axe goes in through
    `page.evaluate`, which Chromium runs over its debugging protocol.
    """
    source = AXE_SOURCE_PATH.read_text(encoding="utf-8")

    def check(page: Page) -> str:
        page.evaluate(source)
        results = page.evaluate(
            """tags => axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            })""",
            WCAG_TAGS,
        )
        return _describe(results["violations"])

    return check


@pytest.fixture
def twins(editor: User, approver: User) -> dict[str, Any]:
    """A cancer type with one chapter published in English and in Bokmål, each
    pointing at the other, and the English one citing a reference."""
    cancer_type = factories.make_cancer_type(
        "neuroendocrine-neoplasms",
        name_en="Neuroendocrine neoplasms",
        name_nb="Nevroendokrine neoplasier",
    )
    english = factories.save_article(
        user=editor,
        cancer_type=cancer_type,
        title="Neuroendocrine tumours",
        slug="neuroendocrine-tumours",
        sections=[
            (
                "background",
                "Background",
                "Neuroendocrine tumours arise from hormone-producing cells [1].\n\n"
                + "They are rare, but their incidence is rising. " * 40,
            ),
            ("grading", "Grading", "Grade by Ki-67 index and mitotic count."),
            ("treatment", "Treatment", "Surgery is the only curative treatment."),
        ],
        references=factories.DEFAULT_REFERENCES,
    )
    bokmal = factories.save_article(
        user=editor,
        cancer_type=cancer_type,
        language="nb",
        title="Nevroendokrine svulster",
        slug="nevroendokrine-svulster",
        summary="Kort oppsummering for klinikere.",
        translation=english,
        sections=[("bakgrunn", "Bakgrunn", "Svulster fra hormonproduserende celler.")],
        references=[],
    )
    factories.save_article(user=editor, article=english, translation=bokmal)
    factories.publish(english, editor=editor, approver=approver)
    factories.publish(bokmal, editor=editor, approver=approver)
    return {"cancer_type": cancer_type, "en": english, "nb": bokmal}
