"""Small, escaping HTML builders for the report: every piece of text goes through ``esc``."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Cell = Callable[[Any], str]


def esc(value: Any) -> str:
    """Escaped text of any value ('' for None/NaN).

    >>> esc('<b>"政务"</b>'), esc(None)
    ('&lt;b&gt;&quot;政务&quot;&lt;/b&gt;', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def json_script(data: Any, attrs: str = "") -> str:
    """A ``<script type="application/json">`` element that cannot break out of itself."""
    raw = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" {attrs}>{raw}</script>'


def pct(value: Any, digits: int = 1) -> str:
    """A share as a percentage ('' when missing).

    >>> pct(0.1234), pct(None)
    ('12.3%', '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{float(value) * 100:.{digits}f}%"


def table(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]],
          cells: dict[str, Cell] | None = None, cls: str = "") -> str:
    """An HTML table; ``columns`` are (key, header); ``cells`` may render a key as HTML."""
    cells = cells or {}
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = []
    for r in rows:
        tds = "".join(f"<td>{cells[k](r) if k in cells else esc(r.get(k))}</td>"
                      for k, _ in columns)
        body.append(f"<tr>{tds}</tr>")
    return (f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def highlight_classes(text: str, spans: Iterable[tuple[int, int, str]],
                      order: Sequence[str] = ()) -> str:
    """Escaped ``text`` with each span wrapped in ``<mark class=CLASS>``; where spans overlap,
    the class listed first in ``order`` wins.

    >>> highlight_classes("abcdef", [(0, 3, "x"), (2, 5, "y")], order=("y", "x"))
    '<mark class="x">ab</mark><mark class="y">cde</mark>f'
    """
    rank = {c: n for n, c in enumerate(order)}
    owner: list[str | None] = [None] * len(text)
    for s, e, cls in sorted(spans, key=lambda sp: -rank.get(sp[2], len(rank))):
        for i in range(max(0, s), min(len(text), e)):
            owner[i] = cls
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owner[i] != owner[start]:
            piece = esc(text[start:i])
            cls = owner[start]
            out.append(f'<mark class="{esc(cls)}">{piece}</mark>' if cls else piece)
            start = i
    return "".join(out)


def details(summary: str, body: str, ident: str = "", open_: bool = False) -> str:
    """A collapsible block; ``summary`` and ``body`` are HTML."""
    attrs = f' id="{esc(ident)}"' if ident else ""
    attrs += " open" if open_ else ""
    return f"<details{attrs}><summary>{summary}</summary>{body}</details>"


def section(ident: str, title: str, body: str) -> str:
    return f'<section id="{esc(ident)}"><h2>{esc(title)}</h2>{body}</section>'


def anchor(ident: str) -> str:
    """A safe fragment id from any string (doc ids may hold any character).

    >>> anchor("pt-80678:12")
    'pt-80678-12'
    """
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in ident)
