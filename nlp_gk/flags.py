"""Side-by-side views of flagged paragraphs against their best source, for the HTML report.

A paragraph is *flagged* when the reuse stage gave it a class (self_copy, template,
cross_agency, internal). Its view pairs it with the matching source of the same class that
has the highest similarity (``pairs.jsonl``), with the aligned spans highlighted on both sides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .htmlkit import anchor, details, esc, highlight_classes, pct
from .io import read_jsonl

PRIORITY = {"self_copy": 0, "cross_agency": 1, "internal": 2, "template": 3}
ORDER = ("template", "self_copy", "cross_agency", "internal")  # the reuse stage's precedence


@dataclass
class View:
    target: dict[str, Any]
    source: dict[str, Any] | None
    pair: dict[str, Any] | None


@dataclass
class Views:
    items: list[View] = field(default_factory=list)
    shown: set[tuple[str, int]] = field(default_factory=set)
    total: int = 0


def best_pairs(pairs_path: Path | None, wanted: dict[tuple[str, int], str]) -> dict[tuple[str, int], dict[str, Any]]:
    """For each flagged (doc_id, start): its most similar pair of the same class."""
    best: dict[tuple[str, int], dict[str, Any]] = {}
    if pairs_path is None or not pairs_path.is_file():
        return best
    for _, line in read_jsonl(pairs_path):
        pair = json.loads(line)
        key = (pair["doc_id"], int(pair["start"]))
        cls = wanted.get(key)
        if cls is None:
            continue
        rank = (pair["reuse"] == cls, pair["similarity"], -abs(pair.get("source_year") or 0))
        old = best.get(key)
        if old is None or rank > old["_rank"]:
            best[key] = {**pair, "_rank": rank}
    return best


def flagged_views(data: Any, limit: int) -> Views:
    """Views of the flagged paragraphs (at most ``limit``; self copies first)."""
    paras = data.paragraphs
    flagged = paras[paras["reuse"].notna()]
    rows = flagged.to_dict("records")
    rows.sort(key=lambda r: PRIORITY.get(r["reuse"], 9))
    keep = sorted(rows[:limit], key=lambda r: (r["doc_id"], r["index"]))
    wanted = {(r["doc_id"], int(r["start"])): r["reuse"] for r in keep}
    pairs = best_pairs(data.pairs_path, wanted)
    lookup = {(d, int(s)): i for i, (d, s) in enumerate(zip(paras["doc_id"], paras["start"],
                                                              strict=True))}
    views = Views(total=len(rows))
    for r in keep:
        pair = pairs.get((r["doc_id"], int(r["start"])))
        src = None
        if pair is not None:
            pos = lookup.get((pair["source_doc_id"], int(pair["source_start"])))
            src = paras.iloc[pos].to_dict() if pos is not None else None
        views.items.append(View(r, src, pair))
        views.shown.add((r["doc_id"], int(r["index"])))
    return views


def _spans(pair: dict[str, Any], side: str, base: int) -> list[tuple[int, int, str]]:
    """The pair's aligned spans on one side, relative to that paragraph, with their class."""
    s, e = ("start", "end") if side == "target" else ("source_start", "source_end")
    return [(sp[s] - base, sp[e] - base, sp.get("reuse") or pair["reuse"])
            for sp in pair.get("spans", [])]


def view_html(v: View) -> str:
    t = v.target
    ident = anchor(f"p-{t['doc_id']}-{int(t['index'])}")
    cls = esc(t["reuse"])
    labels = " ".join(esc(x) for x in (t.get("labels") or []))
    head = (f"<b>{esc(t['doc_id'])}:{int(t['index'])}</b> ({esc(_year(t))}) "
            f"<b>{cls}</b>, copied {pct(t['copied_share'])} {labels}")
    if v.pair is None or v.source is None:
        return f'<div class="flag" id="{ident}">{head}<p class="note">source not listed</p></div>'
    p, s = v.pair, v.source
    left = highlight_classes(t["text"], _spans(p, "target", int(t["start"])), ORDER)
    right = highlight_classes(s["text"], _spans(p, "source", int(s["start"])), ORDER)
    src = f"{esc(s['doc_id'])}:{int(s['index'])} ({esc(_year(s))}), similarity {p['similarity']:.2f}"
    return (f'<div class="flag" id="{ident}">{head}<div class="pair">'
            f"<div><h4>this paragraph</h4>{left}</div><div><h4>source: {src}</h4>{right}</div>"
            "</div></div>")


def _year(r: dict[str, Any]) -> str:
    y = r.get("year")
    return "?" if y is None or y != y else str(int(y))


def flagged_html(views: Views) -> str:
    """The side-by-side section: one collapsible block per report."""
    html = ('<h3>Flagged paragraphs, side by side</h3><p class="note">Each flagged paragraph '
            "against its most similar source of the same class; copied spans are highlighted "
            '(<mark class="self_copy">self_copy</mark> <mark class="template">template</mark> '
            '<mark class="cross_agency">cross_agency</mark> <mark class="internal">internal'
            "</mark>).</p>")
    if not views.items:
        return html + '<p class="note">No paragraph was flagged.</p>'
    groups: dict[str, list[View]] = {}
    for v in views.items:
        groups.setdefault(v.target["doc_id"], []).append(v)
    for doc_id, items in groups.items():
        counts: dict[str, int] = {}
        for v in items:
            counts[v.target["reuse"]] = counts.get(v.target["reuse"], 0) + 1
        summary = f"<b>{esc(doc_id)}</b> ({esc(_year(items[0].target))}): " + ", ".join(
            f"{esc(k)} {n}" for k, n in sorted(counts.items()))
        html += details(summary, "".join(view_html(v) for v in items))
    if views.total > len(views.items):
        html += (f'<p class="note">{views.total - len(views.items)} more flagged paragraphs '
                 "not shown (template matches first).</p>")
    return html
