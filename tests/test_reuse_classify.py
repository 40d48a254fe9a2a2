"""nlp_gk.reuse.classify: the same-agency rule and the class of a match."""

from __future__ import annotations

import pytest

from nlp_gk.reuse.classify import agency_key, match_class, normalize_agency


@pytest.mark.parametrize(("name", "key"), [
    ("平潭综合实验区财政金融局", "财政金融局"),
    ("区财政金融局", "财政金融局"),
    (" 平潭县 财政局 ", "财政局"),
    ("福建省平潭县教育局", "教育局"),
    ("平潭综合实验区", "平潭综合实验区"),
    ("", ""),
], ids=["zone-prefix", "qu-prefix", "county-and-spaces", "province-and-county", "bare-region", "empty"])
def test_normalize_agency(name: str, key: str) -> None:
    assert normalize_agency(name) == key


def test_series_wins_over_agency() -> None:
    assert agency_key({"series": "ptzhsyqczj", "agency": "区财政金融局"}) == "ptzhsyqczj"
    assert agency_key({"series": "", "agency": "区财政金融局"}) == "财政金融局"


def _m(key: str, year: int | None, doc: str = "d", report: int = 0) -> dict:
    return {"key": key, "year": year, "doc_id": doc, "report": report}


@pytest.mark.parametrize(("target", "source", "expected"), [
    (_m("a", 2021, "x"), _m("a", 2020, "y"), "self_copy"),
    (_m("a", 2020, "x"), _m("a", 2021, "y"), None),
    (_m("a", 2020, "x"), _m("a", 2020, "y"), None),
    (_m("a", 2021, "x"), _m("b", 2020, "y"), "cross_agency"),
    (_m("a", 2021, "x"), _m("a", 2021, "x"), "internal"),
    (_m("a", None, "x"), _m("a", 2020, "y"), None),
    (_m("", 2021, "x"), _m("b", 2020, "y"), None),
], ids=["earlier-same", "later-same", "same-year", "other-agency", "same-report", "no-year",
        "no-agency"])
def test_match_class(target: dict, source: dict, expected: str | None) -> None:
    assert match_class(target, source) == expected
