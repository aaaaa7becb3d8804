"""Server-side SVG charts: accessible and safe with any label."""

from __future__ import annotations

from epidemiology import charts


def chart(series, **kwargs) -> str:
    return charts.trend_chart(
        series,
        chart_id="c",
        title=kwargs.get("title", "Title"),
        description="Described",
        y_label="Rate",
        format_number=str,
    )


def test_a_trend_chart_is_an_image_with_title_and_description():
    svg = chart([charts.Series("Men", [(2012, 4.0), (2013, 6.0)])])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="c-t c-d"' in svg
    assert '<title id="c-t">Title</title><desc id="c-d">Described</desc>' in svg


def test_labels_are_escaped():
    svg = chart(
        [charts.Series("<script>alert(1)</script>", [(2012, 1.0), (2013, 2.0)])],
        title='A "quoted" & <b>bold</b> title',
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; title" in svg


def test_one_year_is_not_a_trend():
    assert chart([charts.Series("Men", [(2013, 6.0)])]) == ""


def test_series_differ_by_dash_pattern_not_only_colour():
    svg = chart(
        [
            charts.Series("Men", [(2012, 4.0), (2013, 6.0)]),
            charts.Series("Women", [(2012, 3.0), (2013, 5.0)]),
        ]
    )
    assert 'stroke-dasharray="8 4"' in svg
    assert "<rect" in svg  # square markers for the second series


def test_round_axis_steps():
    # About five ticks of 1, 2, 2.5 or 5 times a power of ten.
    assert [charts.nice_step(span) for span in (6, 12.5, 95, 0.4)] == [
        2,
        2.5,
        20,
        0.1,
    ]
