"""Vega-Lite charts (built with Altair) for the HTML report, and the offline JS bundle.

Charts are returned as Vega-Lite spec dicts with their data inlined; the page embeds them with
vega-embed, whose JavaScript comes from ``vl-convert-python`` (no network, no CDN).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .outputs import CATEGORIES

CATEGORY_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#7f7f7f")
WIDTH = 640
MAX_COLORS = 40  # more series than this: reports by year are not coloured by series
MAX_HEAT_ROWS = 80  # the heatmap shows at most this many series (those with the most text)


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script (from vl-convert-python, offline)."""
    import vl_convert

    return vl_convert.javascript_bundle()


def _alt() -> Any:
    import altair as alt

    alt.data_transformers.disable_max_rows()
    return alt


def _spec(chart: Any) -> dict[str, Any]:
    return chart.configure_axis(labelFontSize=11, titleFontSize=12).to_dict()


def reports_by_year(reports: Any) -> dict[str, Any]:
    """Stacked bars: reports per year, coloured by series."""
    alt = _alt()
    data = reports.dropna(subset=["year"]).assign(series=lambda d: d["agency_key"].fillna("?"))
    by_series = data["series"].nunique() <= MAX_COLORS
    keys = ["year", "series"] if by_series else ["year"]
    data = data.groupby(keys, as_index=False).size()
    enc = {"color": alt.Color("series:N", legend=alt.Legend(columns=2, symbolLimit=MAX_COLORS))
           } if by_series else {}
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("year:O", title="report year"),
        y=alt.Y("size:Q", title="reports"),
        tooltip=[*(f"{k}:{'O' if k == 'year' else 'N'}" for k in keys),
                 alt.Tooltip("size:Q", title="reports")], **enc,
    ).properties(width=WIDTH, height=260,
                 title="Reports by year" + (" and series" if by_series else ""))
    return _spec(chart)


def category_shares(shares: Any) -> dict[str, Any]:
    """Normalised stacked bars: share of narrative text per category and year."""
    alt = _alt()
    chart = alt.Chart(shares).mark_bar().encode(
        x=alt.X("year:O", title="report year"),
        y=alt.Y("share:Q", stack="normalize", title="share of narrative text",
                axis=alt.Axis(format="%")),
        color=alt.Color("category:N", sort=list(CATEGORIES),
                        scale=alt.Scale(domain=list(CATEGORIES), range=list(CATEGORY_COLORS))),
        order=alt.Order("order:Q"),
        tooltip=["year:O", "category:N", alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("chars:Q", format=",.0f")],
    ).transform_calculate(order=f"indexof({list(CATEGORIES)!r}, datum.category)").properties(
        width=WIDTH, height=260, title="Categories over time")
    return _spec(chart)


def copied_by_year(by_year: Any) -> dict[str, Any]:
    """Lines: self-copied and template share of narrative text per year."""
    alt = _alt()
    data = by_year.melt(id_vars=["year"], value_vars=["self_copy_share", "template_share",
                                                      "cross_agency_share"],
                        var_name="class", value_name="share")
    data["class"] = data["class"].str.replace("_share", "", regex=False)
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("year:O", title="report year"),
        y=alt.Y("share:Q", title="share of narrative text", axis=alt.Axis(format="%")),
        color=alt.Color("class:N", title="reuse"),
        tooltip=["year:O", "class:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=WIDTH, height=240, title="Copied text by year")
    return _spec(chart)


def series_heatmap(by_series: Any) -> dict[str, Any]:
    """Heatmap: self-copied share per series and year."""
    alt = _alt()
    size = by_series.groupby("series")["norm_chars"].sum().nlargest(MAX_HEAT_ROWS)
    by_series = by_series[by_series["series"].isin(size.index)]
    chart = alt.Chart(by_series).mark_rect().encode(
        x=alt.X("year:O", title="report year"),
        y=alt.Y("series:N", title="series"),
        color=alt.Color("self_copy_share:Q", title="self-copied",
                        scale=alt.Scale(scheme="orangered", domain=[0, 1])),
        tooltip=["series:N", "year:O", alt.Tooltip("self_copy_share:Q", format=".1%"),
                 alt.Tooltip("norm_chars:Q", title="chars", format=",.0f")],
    ).properties(width=WIDTH, title="Self-copied share of narrative text, series x year"
                 + (f" ({MAX_HEAT_ROWS} series with the most text)" if len(size) == MAX_HEAT_ROWS
                    else ""))
    return _spec(chart)


def category_copy_bars(by_cat: Any) -> dict[str, Any]:
    """Grouped bars: self-copied share per category, before and after the 2019 format."""
    alt = _alt()
    chart = alt.Chart(by_cat).mark_bar().encode(
        x=alt.X("period:N", title=None),
        y=alt.Y("self_copy_share:Q", title="self-copied", axis=alt.Axis(format="%")),
        color=alt.Color("period:N"),
        column=alt.Column("category:N", sort=list(CATEGORIES), title=None),
        tooltip=["category:N", "period:N", alt.Tooltip("self_copy_share:Q", format=".1%"),
                 alt.Tooltip("norm_chars:Q", title="chars", format=",.0f")],
    ).properties(width=90, height=200, title="Self-copied share by category and period")
    return _spec(chart)
