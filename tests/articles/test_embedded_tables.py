"""Dataset tables inside articles: always the dataset's own live version."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oncolex.review import services
from tests.diff_pages import inside, marked, parse_strictly
from tests.epidemiology import helpers as epi
from tests.factories import publish, published_article, save_article


def test_article_shows_the_published_table_of_its_dataset(reader, dataset_in_article):
    page = reader.get("/en/articles/with-table/").content.decode()
    assert "<table" in page and "<caption>" in page
    assert "Cancer in Norway 2013" in page  # its source, under the table
    assert "<!--oncolex:dataset" not in page


def test_unapproved_dataset_change_never_reaches_the_article(
    reader, dataset_in_article, editor, approver
):
    lines = [*epi.banded_lines(2012, "male", cases=4), "2013,male,all,98765,"]
    epi.import_rows(dataset_in_article, editor, lines, comment="2013 added")
    assert "98765" not in reader.get("/en/articles/with-table/").content.decode()
    # ...pending review: still not...
    submission = services.submit(obj=dataset_in_article, user=editor)
    assert "98765" not in reader.get("/en/articles/with-table/").content.decode()
    # ...the dataset's own approval brings it to the article, unchanged itself.
    services.approve(
        submission=submission,
        user=approver,
        note="2013 figures",
        note_nb="Tall for 2013",
    )
    page = reader.get("/en/articles/with-table/").content.decode()
    assert any(number in page for number in ("98765", "98,765", "98 765"))


def test_unpublished_dataset_leaves_no_table_in_the_article(
    reader, dataset_in_article, approver
):
    services.unpublish(obj=dataset_in_article, user=approver, comment="Wrong")
    page = reader.get("/en/articles/with-table/").content.decode()
    assert "<table" not in page
    assert "See the table." in page


def test_article_with_a_table_runs_three_queries(
    reader, dataset_in_article, django_assert_num_queries
):
    # The page store's lookup, then 1. the published article, 2. live
    # neighbours, 3. the live dataset tables, and the store keeps the page.
    with django_assert_num_queries(1 + 3 + 1):
        assert reader.get("/en/articles/with-table/").status_code == 200


def test_the_table_links_to_its_dataset_and_says_who_approved_the_numbers(
    reader, dataset_in_article
):
    version = dataset_in_article.published_versions.get(is_current=True)
    page = reader.get("/en/articles/with-table/").content.decode()
    when = version.approved_at.astimezone(ZoneInfo("Europe/Oslo"))
    assert (
        f'<p class="trust">Numbers approved by Approver Tester on '
        f"{when:%b}. {when.day}, {when.year} · version 1 · "
        f'<a href="/en/epidemiology/{version.slug}/">NET incidence in Norway: '
        "chart, method, CSV and where the numbers come from</a></p>"
    ) in page


def test_the_bokmal_article_links_to_the_bokmal_dataset_page(editor, approver, reader):
    dataset = epi.make_dataset(user=editor, title="NET", title_nb="NET på norsk")
    epi.import_rows(dataset, editor, ["2013,all,all,5,"])
    epi.publish(dataset, editor=editor, approver=approver)
    published_article(
        editor=editor,
        approver=approver,
        slug="med-tabell",
        language="nb",
        sections=[("tall", "Tall", "Se tabellen.", dataset)],
    )
    page = reader.get("/nb/articles/med-tabell/").content.decode()
    assert "Tallene er godkjent av Approver Tester" in page
    assert (
        f'<a href="/nb/epidemiology/{dataset.slug}/">NET på norsk: diagram, metode, '
        "CSV og hvor tallene kommer fra</a>" in page
    )


def test_an_article_with_three_tables_still_runs_three_queries(
    reader, editor, approver, django_assert_num_queries
):
    datasets = []
    for n in range(3):
        dataset = epi.make_dataset(user=editor, title=f"Table {n}")
        epi.import_rows(dataset, editor, epi.banded_lines(2012 + n, "all", cases=n))
        epi.publish(dataset, editor=editor, approver=approver)
        datasets.append(dataset)
    published_article(
        editor=editor,
        approver=approver,
        slug="three-tables",
        sections=[
            (f"s{n}", f"Section {n}", "Text.", dataset)
            for n, dataset in enumerate(datasets)
        ],
    )
    # The page store's lookup, then 1. the published article, 2. live
    # neighbours, 3. the live dataset tables, all three in one query, and
    # the store keeps the page.
    with django_assert_num_queries(1 + 3 + 1):
        page = reader.get("/en/articles/three-tables/").content.decode()
    assert page.count('<p class="trust">Numbers approved by') == 3
    for dataset in datasets:
        assert f'href="/en/epidemiology/{dataset.slug}/"' in page


def test_compare_names_an_embedded_table_that_changed_within_four_queries(
    reader, editor, approver, django_assert_num_queries
):
    first = epi.make_dataset(user=editor, title="NET incidence in Norway")
    second = epi.make_dataset(user=editor, title="NET primary sites")
    for dataset in (first, second):
        epi.import_rows(dataset, editor, epi.banded_lines(2012, "male", cases=4))
        epi.publish(dataset, editor=editor, approver=approver)
    article, _version = published_article(
        editor=editor,
        approver=approver,
        slug="net",
        sections=[("incidence", "Incidence", "See the table.", first)],
    )
    save_article(
        user=editor,
        article=article,
        sections=[("incidence", "Incidence", "See the table.", second)],
    )
    publish(article, editor=editor, approver=approver, note="Other table")
    # 1. the live version by slug, 2. the two versions with their cancer types
    # as approved, 3. the live datasets' titles
    with django_assert_num_queries(3):
        response = reader.get("/en/articles/net/compare/?from=1&to=2")
    root = parse_strictly(response.content)
    assert inside(marked(root, "removed"), "del", "NET incidence in Norway")
    assert inside(marked(root, "added"), "ins", "NET primary sites")
    assert "embedded tables changed" in response.content.decode()
