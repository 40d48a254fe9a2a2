"""Research helpers over a run's tables (the report and notebooks call only these)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import nlp_gk.analysis as an
from nlp_gk.errors import ConfigError, InputError
from nlp_gk.pipeline import run_pipeline


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> an.RunData:
    from conftest import write_generated_corpus

    root = tmp_path_factory.mktemp("analysis")
    corpus = write_generated_corpus(root / "corpus", years=range(2017, 2021))
    run_pipeline([corpus], corpus / "manifest.tsv", root / "out", jobs=1)
    return an.load_run(root / "out")


def test_doctests() -> None:
    assert doctest.testmod(an).failed == 0


def test_category_shares_add_up_to_one_per_year(data: an.RunData) -> None:
    shares = an.category_shares_by_year(data.paragraphs)
    assert set(shares["year"]) == {2017, 2018, 2019, 2020}
    assert shares.groupby("year")["share"].sum().round(6).eq(1).all()
    assert (shares["chars"] > 0).all()


def test_with_history_drops_each_series_first_year(data: an.RunData) -> None:
    hist = an.with_history(data.reports)
    assert len(hist) == 9 and 2017 not in set(hist["year"])
    assert set(an.with_history(data.paragraphs)["year"]) == {2018, 2019, 2020}


def test_copied_share_by_year_and_series(data: an.RunData) -> None:
    by_year = an.copied_share_by_year(data.paragraphs).set_index("year")
    assert by_year.loc[2017, "self_copy_share"] == 0
    # 2 of the 6 narrative paragraphs of 1 series in 3 are copied: about 1/9 of the text
    assert 0.08 < by_year.loc[2019, "self_copy_share"] < 0.2
    heat = an.copied_share_by_series_year(data.paragraphs).set_index(["series", "year"])
    assert heat.loc[("ser0", 2019), "self_copy_share"] > 0.3
    assert heat.loc[("ser1", 2019), "self_copy_share"] == 0


def test_problems_vs_rest_has_periods_and_groups(data: an.RunData) -> None:
    table = an.problems_vs_rest(an.with_history(data.paragraphs))
    assert list(table.index) == ["all", "<=2018", ">=2019"]
    assert "存在问题" in table.columns and "other categories" in table.columns
    assert table.loc["all", "存在问题"] > table.loc["all", "other categories"]


def test_series_ranking_and_top_reports(data: an.RunData) -> None:
    ranking = an.series_ranking(data.reports)
    assert ranking.iloc[0]["agency_key"] == "ser0"
    assert ranking.iloc[0]["reports_with_history"] == 3
    top = an.top_reports(data.reports, "self_copy_share_存在问题", 3)
    assert set(top["doc_id"]) == {"s0-2018", "s0-2019", "s0-2020"}


def test_top_copied_paragraphs_are_self_copies_of_the_category(data: an.RunData) -> None:
    top = an.top_copied_paragraphs(data.paragraphs, "存在问题", n=50)
    assert len(top) and (top["reuse"] == "self_copy").all()
    assert top["labels"].map(lambda labs: "存在问题" in labs).all()
    assert top["copied_chars"].is_monotonic_decreasing


def test_find_corpus_prefers_argument_then_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               gen_corpus: Path) -> None:
    monkeypatch.setenv(an.CORPUS_ENV, str(gen_corpus))
    assert an.find_corpus() == gen_corpus
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.tsv").write_text("path\n", encoding="utf-8")
    assert an.find_corpus(other) == other
    monkeypatch.setattr(an, "ROOT", tmp_path / "nowhere" / "repo")
    monkeypatch.delenv(an.CORPUS_ENV)
    with pytest.raises(ConfigError):
        an.find_corpus()


def test_load_run_needs_run_json(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run.json"):
        an.load_run(tmp_path)
