"""``build_report``: one self-contained, offline HTML page from a batch-run folder.

Sections: corpus overview, categories over time, copying (by year, series x year heatmap,
most-copied 存在问题 / 改进措施 paragraphs, side-by-side views of every flagged paragraph
against its source) and a per-report drill-down. Charts are Vega-Lite specs rendered by the
vega-embed bundle inlined in the page. Every piece of corpus text is HTML-escaped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any

from . import analysis, charts
from .htmlkit import anchor, details, esc, json_script, pct, section, table
from .io import write_text_atomic

FOCUS = ("存在问题", "改进措施")


@dataclass
class Page:
    """Collects chart specs while sections are rendered."""

    specs: list[tuple[str, dict[str, Any]]]

    def chart(self, spec: dict[str, Any]) -> str:
        ident = f"chart-{len(self.specs) + 1}"
        self.specs.append((ident, spec))
        return f'<div class="chart" id="{ident}"></div>'

    def scripts(self) -> str:
        return "\n".join(json_script(spec, f'data-chart="{ident}"') for ident, spec in self.specs)


def build_report(run_dir: str | os.PathLike[str], out_html: str | os.PathLike[str],
                 max_flagged: int = 3000, max_reports: int = 2000) -> dict[str, Any]:
    """Write the report for ``run_dir`` to ``out_html`` atomically; return what it holds."""
    from .flags import flagged_views

    data = analysis.load_run(run_dir)
    page = Page([])
    views = flagged_views(data, max_flagged)
    sections = [
        ("overview", "Corpus overview", overview(data, page)),
        ("categories", "Categories over time", categories(data, page)),
        ("copying", "Copying", copying(data, page, views)),
        ("reports", "Per-report drill-down", drilldown(data, views, max_reports)),
    ]
    body = "\n".join(section(i, t, b) for i, t, b in sections)
    nav = "".join(f'<a href="#{i}">{esc(t)}</a>' for i, t, _ in sections)
    html = render_page(data, nav, body + page.scripts())
    write_text_atomic(out_html, html)
    return {"out": str(out_html), "bytes": len(html.encode("utf-8")), "charts": len(page.specs),
            "flagged_views": len(views.items), "flagged_total": views.total,
            "reports": len(data.reports)}


def render_page(data: analysis.RunData, nav: str, body: str) -> str:
    tpl = Template(resources.files("nlp_gk").joinpath("templates/report.html").read_text("utf-8"))
    css = resources.files("nlp_gk").joinpath("templates/report.css").read_text("utf-8")
    bundle = charts.vega_bundle().replace("</script", "<\\/script")
    counts = data.run.get("counts", {})
    subtitle = (f"{counts.get('reports', 0)} reports, {counts.get('paragraphs', 0)} paragraphs, "
                f"{counts.get('skipped', 0)} skipped files")
    return tpl.substitute(title="政府信息公开年度报告: tags and copying", css=css, bundle=bundle,
                          subtitle=esc(subtitle), nav=nav, body=body,
                          version=esc(data.run.get("nlp_gk", "")))


# --------------------------------------------------------------------------- overview


def overview(data: analysis.RunData, page: Page) -> str:
    rep, counts = data.reports, data.run.get("counts", {})
    cards = [("reports", len(rep)), ("series", rep["agency_key"].nunique()),
             ("years", _year_range(rep)), ("paragraphs", counts.get("paragraphs", 0)),
             ("narrative paragraphs", counts.get("narrative", 0)),
             ("skipped files", len(data.skipped))]
    html = '<div class="cards">' + "".join(
        f'<div class="card"><b>{esc(v)}</b>{esc(k)}</div>' for k, v in cards) + "</div>"
    if len(rep.dropna(subset=["year"])):
        html += page.chart(charts.reports_by_year(rep))
    html += "<h3>Reports by series</h3>" + table(
        _series_rows(rep), [("series", "series"), ("agency", "agency (first)"),
                            ("reports", "reports"), ("first", "first year"),
                            ("last", "last year")])
    html += "<h3>Skipped files</h3>" + (table(
        data.skipped.to_dict("records"), [("file", "file"), ("reason", "reason")])
        if len(data.skipped) else '<p class="note">No file was skipped.</p>')
    return html + run_info(data.run)


def _year_range(rep: Any) -> str:
    years = rep["year"].dropna()
    return f"{int(years.min())}–{int(years.max())}" if len(years) else "?"


def _series_rows(rep: Any) -> list[dict[str, Any]]:
    g = rep.assign(agency_key=rep["agency_key"].fillna("?")).groupby("agency_key")
    out = g.agg(agency=("agency", "first"), reports=("doc_id", "count"), first=("year", "min"),
                last=("year", "max")).reset_index().rename(columns={"agency_key": "series"})
    for col in ("first", "last"):
        out[col] = out[col].map(lambda v: "" if v != v else int(v))
    return out.to_dict("records")


def run_info(run: dict[str, Any]) -> str:
    model = run.get("model") or {}
    rows = [("nlp_gk", run.get("nlp_gk")), ("model", model.get("path", "none (untagged)")),
            ("model hash", str(model.get("hash", ""))[:16]),
            ("parameters", json.dumps({k: v for k, v in run.get("parameters", {}).items()
                                       if k != "reuse"}, ensure_ascii=False)),
            ("timings (s)", json.dumps({k: v for k, v in run.get("timings", {}).items()
                                        if not isinstance(v, dict)}))]
    body = table([{"k": k, "v": v} for k, v in rows], [("k", "item"), ("v", "value")])
    return details("<b>Run details</b>", body)


# --------------------------------------------------------------------------- categories


def categories(data: analysis.RunData, page: Page) -> str:
    if not data.tagged:
        return '<p class="note">This run has no tags (it ran without a tagger model).</p>'
    shares = analysis.category_shares_by_year(data.paragraphs)
    if not len(shares):
        return '<p class="note">No tagged narrative text with a known year.</p>'
    note = ('<p class="note">Share of each year\'s tagged narrative characters; a paragraph with '
            'two labels counts half to each.</p>')
    pivot = shares.pivot(index="year", columns="category", values="share").fillna(0.0)
    rows = [{"year": y, **{c: pct(pivot.loc[y].get(c, 0.0)) for c in pivot.columns}}
            for y in pivot.index]
    cols = [("year", "year"), *((c, c) for c in charts.CATEGORIES if c in pivot.columns)]
    return note + page.chart(charts.category_shares(shares)) + table(rows, cols)


# --------------------------------------------------------------------------- copying


def copying(data: analysis.RunData, page: Page, views: Any) -> str:
    paras = data.paragraphs
    by_year = analysis.copied_share_by_year(paras)
    html = ('<p class="note">Shares of normalised narrative characters (digits masked, '
            'punctuation dropped). <b>self_copy</b>: repeated from the same series\' earlier '
            'report; <b>template</b>: wording shared by many agencies.</p>')
    if len(by_year):
        html += page.chart(charts.copied_by_year(by_year))
    if data.tagged:
        by_cat = analysis.copied_share_by_category(paras)
        if len(by_cat):
            html += page.chart(charts.category_copy_bars(by_cat))
    heat = analysis.copied_share_by_series_year(paras)
    if len(heat):
        html += page.chart(charts.series_heatmap(heat))
    if data.tagged:
        html += top_reports_html(data.reports) + most_copied(data, views)
    from .flags import flagged_html

    return html + flagged_html(views)


def top_reports_html(reports: Any) -> str:
    col = "self_copy_share_存在问题"
    if col not in reports:
        return ""
    top = analysis.top_reports(reports, col, 5).to_dict("records")
    return "<h3>Reports with the highest self-copied share of 存在问题</h3>" + table(
        top, [("doc_id", "doc_id"), ("year", "year"), ("agency", "agency"),
              ("agency_key", "series"), (col, "self-copied 存在问题")],
        cells={col: lambda r: pct(r[col]),
               "doc_id": lambda r: _report_link(r["doc_id"], r["report"])})


def most_copied(data: analysis.RunData, views: Any, n: int = 10) -> str:
    html = ""
    for cat in FOCUS:
        top = analysis.top_copied_paragraphs(data.paragraphs, cat, n).to_dict("records")
        html += f"<h3>Most-copied {esc(cat)} paragraphs</h3>"
        if not top:
            html += '<p class="note">None flagged as self-copied.</p>'
            continue
        html += table(top, [("doc_id", "paragraph"), ("year", "year"),
                            ("copied_chars", "self-copied chars"),
                            ("class_share", "self-copied share"), ("text", "text")],
                      cells={"doc_id": lambda r: _para_link(r, views),
                             "class_share": lambda r: pct(r["class_share"]),
                             "text": lambda r: f'<span class="text">{esc(r["text"])}</span>'})
    return html


def _report_link(doc_id: str, report: Any) -> str:
    return f'<a href="#{anchor(f"r-{doc_id}-{int(report)}")}">{esc(doc_id)}</a>'


def _para_link(r: dict[str, Any], views: Any) -> str:
    key = (r["doc_id"], int(r["index"]))
    target = f"p-{r['doc_id']}-{int(r['index'])}" if key in views.shown else \
        f"r-{r['doc_id']}-{int(r['report'])}"
    return f'<a href="#{anchor(target)}">{esc(r["doc_id"])}:{int(r["index"])}</a>'


# --------------------------------------------------------------------------- drill-down


def drilldown(data: analysis.RunData, views: Any, max_reports: int) -> str:
    paras = data.paragraphs
    groups = {k: g for k, g in paras[paras["report"] >= 0].groupby(["doc_id", "report"],
                                                                     sort=False)}
    reps = data.reports.to_dict("records")
    html = ('<p class="note">Every paragraph of every report, with its kind, section, tags '
            '(with scores), reuse class and copied share. Grey rows are not narrative.</p>')
    for r in reps[:max_reports]:
        g = groups.get((r["doc_id"], r["report"]))
        rows = [] if g is None else g.to_dict("records")
        html += details(_report_summary(r), _paragraph_table(rows, views, data.tagged),
                        ident=anchor(f"r-{r['doc_id']}-{int(r['report'])}"))
    if len(reps) > max_reports:
        html += f'<p class="note">{len(reps) - max_reports} more reports not shown.</p>'
    return html


def _report_summary(r: dict[str, Any]) -> str:
    year = "" if r["year"] != r["year"] else int(r["year"])
    share = pct(r.get("self_copy_share"))
    return (f"<b>{esc(r['doc_id'])}</b> {esc(year)} {esc(r.get('title') or r.get('agency'))} "
            f'<span class="note">({esc(r.get("paragraphs"))} paragraphs, self-copied '
            f"{esc(share or '0%')})</span>")


def _paragraph_table(rows: list[dict[str, Any]], views: Any, tagged: bool) -> str:
    cols = [("index", "#"), ("kind", "kind"), ("section", "section")]
    cols += [("labels", "tags")] if tagged else []
    cols += [("reuse", "reuse"), ("text", "text")]
    body = []
    for r in rows:
        cells = {"index": esc(r["index"]), "kind": esc(r["kind"]),
                 "section": esc(" / ".join(r["section"]) if r["section"] is not None else ""),
                 "labels": _tags(r), "reuse": _reuse_cell(r, views), "text": _text_cell(r)}
        tds = "".join(f"<td{' class=text' if k == 'text' else ''}>{cells[k]}</td>"
                      for k, _ in cols)
        body.append(f'<tr class="kind-{esc(r["kind"])}">{tds}</tr>')
    head = "".join(f"<th>{esc(h)}</th>" for _, h in cols)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _tags(r: dict[str, Any]) -> str:
    out = []
    for lab in r.get("labels") or []:
        score = r.get(f"score_{lab}")
        out.append(f'<span class="tag {esc(lab)}">{esc(lab)} {esc(_num(score))}</span>')
    return "".join(out)


def _num(v: Any) -> str:
    return "" if v is None or v != v else f"{float(v):.2f}"


def _reuse_cell(r: dict[str, Any], views: Any) -> str:
    if not isinstance(r.get("reuse"), str):  # None or NaN: not flagged
        return ""
    label = f"{esc(r['reuse'])} {pct(r['copied_share'], 0)}"
    key = (r["doc_id"], int(r["index"]))
    if key in views.shown:
        return f'<a href="#{anchor(f"p-{key[0]}-{key[1]}")}">{label}</a>'
    return label


def _text_cell(r: dict[str, Any], limit: int = 300) -> str:
    text = r["text"]
    if r["kind"] != "narrative" and len(text) > limit:
        text = text[:limit] + "…"
    return esc(text)
