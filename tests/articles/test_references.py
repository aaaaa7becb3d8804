"""The reference list punctuates what editors type, without doubling it."""

from __future__ import annotations

import pytest

from tests.factories import published_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("authors", "title", "shown"),
    [
        (
            "Kidd M, Modlin IM, et al.",
            "Neuroendocrine tumor epidemiology",
            "Kidd M, Modlin IM, et al. Neuroendocrine tumor epidemiology. "
            "<cite>Cancer</cite> 2008.",
        ),
        (
            "Kidd M, Modlin IM, et al",
            "Is small intestinal NET rising?",
            "Kidd M, Modlin IM, et al. Is small intestinal NET rising? "
            "<cite>Cancer</cite> 2008.",
        ),
        (
            "WHO Classification of Tumours Editorial Board ",
            "Digestive system tumours.",
            "WHO Classification of Tumours Editorial Board. Digestive system "
            "tumours. <cite>Cancer</cite> 2008.",
        ),
    ],
)
def test_a_full_stop_typed_by_the_editor_is_not_doubled(
    client, editor, approver, authors, title, shown
):
    published_article(
        editor=editor,
        approver=approver,
        slug="refs",
        references=[
            {"authors": authors, "title": title, "journal": "Cancer", "year": 2008}
        ],
    )
    page = client.get("/en/articles/refs/").content.decode()
    assert f'<li id="ref-1">{shown}</li>' in page
    assert ".." not in page.split('<ol class="references">')[1].split("</ol>")[0]
