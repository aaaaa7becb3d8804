from __future__ import annotations

import pytest
from django.utils import translation

from tests.epidemiology import helpers


@pytest.fixture
def dataset(editor):
    """A dataset with no rows yet, created by the editor."""
    return helpers.make_dataset(
        user=editor,
        slug="net-norway",
        title="Neuroendocrine tumours in Norway",
        title_nb="Nevroendokrine svulster i Norge",
        diagnosis_nb="nevroendokrine svulster",
        region_nb="Norge",
    )


@pytest.fixture
def published_dataset(dataset, editor, approver):
    """Two years, both sexes, all age bands with populations; published."""
    lines = [
        *helpers.banded_lines(2012, "male", cases=4),
        *helpers.banded_lines(2012, "female", cases=3),
        *helpers.banded_lines(2013, "male", cases=6),
        *helpers.banded_lines(2013, "female", cases=5),
    ]
    helpers.import_rows(dataset, editor, lines, comment="Registry figures")
    version = helpers.publish(dataset, editor=editor, approver=approver)
    return dataset, version


@pytest.fixture(autouse=True)
def _in_english():
    """Each test starts in English and leaves the language as it found it: the
    test client's /nb/ requests activate Bokmål for the rest of the thread."""
    with translation.override("en"):
        yield
