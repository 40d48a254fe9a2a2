"""HTML builders escape everything they are given."""

from __future__ import annotations

import doctest
import json
import re

import nlp_gk.htmlkit as hk


def test_doctests() -> None:
    assert doctest.testmod(hk).failed == 0


def test_table_escapes_cells_unless_rendered() -> None:
    html = hk.table([{"a": "<b>", "b": "x"}], [("a", "A&B"), ("b", "B")],
                    cells={"b": lambda r: "<i>ok</i>"})
    assert "<td>&lt;b&gt;</td>" in html and "<th>A&amp;B</th>" in html
    assert "<td><i>ok</i></td>" in html


def test_json_script_cannot_close_itself() -> None:
    html = hk.json_script({"t": "</script><script>alert(1)</script>&"}, 'data-chart="c"')
    inner = re.match(r"<script [^>]*>(.*)</script>$", html).group(1)
    assert "<" not in inner and json.loads(inner)["t"].startswith("</script>")


def test_highlight_classes_covers_every_character_once() -> None:
    text = "甲<乙>丙丁戊"
    html = hk.highlight_classes(text, [(1, 4, "self_copy"), (3, 6, "template")],
                                order=("template", "self_copy"))
    assert html == ('甲<mark class="self_copy">&lt;乙</mark><mark class="template">&gt;丙丁'
                    "</mark>戊")
    assert hk.highlight_classes("", [(0, 3, "x")]) == ""
    assert hk.highlight_classes("abc", [(-5, 99, "x")]) == '<mark class="x">abc</mark>'
