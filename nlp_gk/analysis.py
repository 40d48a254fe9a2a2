"""Research helpers over the tables of a batch run (used by the HTML report and the notebooks).

Conventions:

- Category shares count **narrative characters**. A paragraph with k labels gives 1/k of its
  characters to each label, so the shares of a year add up to 1.
- Copied shares count **normalised characters** (``norm_chars``: digits masked, punctuation and
  whitespace dropped, as the reuse stage compares them): ``self_copy_chars / norm_chars``.
- The period of a report: ``"<=2018"`` (before the 2019 national format, 国办公开办函〔2019〕60号)
  or ``">=2019"``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .outputs import CATEGORIES, REUSE_CLASSES

FORMAT_YEAR = 2019  # first report year under the national six-section format
CORPUS_ENV = "NLP_GK_CORPUS"  # folder with manifest.tsv the notebooks analyse
OUT_ENV = "NLP_GK_OUT"  # where notebooks keep their pipeline run
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunData:
    """The tables of one run folder as data frames."""

    paragraphs: Any
    reports: Any
    series: Any
    skipped: Any
    run: dict[str, Any] = field(default_factory=dict)
    pairs_path: Path | None = None

    @property
    def tagged(self) -> bool:
        return "labels" in self.paragraphs.columns


def load_run(run_dir: str | os.PathLike[str]) -> RunData:
    """Read ``paragraphs.parquet``, ``reports.csv``, ``series.csv``, ``skipped.csv``, ``run.json``."""
    import pandas as pd

    from .errors import InputError

    d = Path(run_dir)
    if not (d / "run.json").is_file():
        raise InputError(str(d), "no run.json: not a finished `nlp-gk run` folder")
    paras = pd.read_parquet(d / "paragraphs.parquet")
    if "labels" in paras.columns:
        paras["labels"] = paras["labels"].map(lambda v: [] if v is None else [str(x) for x in v])
    return RunData(paragraphs=paras, reports=pd.read_csv(d / "reports.csv"),
                   series=pd.read_csv(d / "series.csv"), skipped=pd.read_csv(d / "skipped.csv"),
                   run=json.loads((d / "run.json").read_text(encoding="utf-8")),
                   pairs_path=d / "pairs.jsonl")


def period(year: Any) -> str | None:
    """``"<=2018"`` or ``">=2019"`` (None for an unknown year).

    >>> period(2018), period(2019), period(None)
    ('<=2018', '>=2019', None)
    """
    if year is None or year != year:  # None or NaN
        return None
    return ">=2019" if int(year) >= FORMAT_YEAR else "<=2018"


def narrative(paragraphs: Any) -> Any:
    """Narrative paragraphs only."""
    return paragraphs[paragraphs["kind"] == "narrative"]


def label_rows(paragraphs: Any) -> Any:
    """One row per (narrative paragraph, label) with the paragraph's weight 1/k."""
    nar = narrative(paragraphs)
    if "labels" not in nar.columns:
        return nar.iloc[0:0].assign(category=[], weight=[])
    nar = nar.assign(weight=nar["labels"].map(lambda labs: 1 / len(labs) if len(labs) else 0.0))
    out = nar.assign(category=nar["labels"]).explode("category")
    return out[out["category"].notna()]


def category_shares_by_year(paragraphs: Any) -> Any:
    """Per year and category: narrative chars and their share of the year's tagged text."""
    rows = label_rows(paragraphs)
    rows = rows.assign(chars=rows["text"].str.len() * rows["weight"])
    g = rows.groupby(["year", "category"], as_index=False)["chars"].sum()
    g["share"] = g["chars"] / g.groupby("year")["chars"].transform("sum")
    order = {c: n for n, c in enumerate(CATEGORIES)}
    g["year"] = g["year"].astype(int)
    return g.sort_values(["year", "category"], key=lambda s: s.map(order) if s.name == "category"
                         else s).reset_index(drop=True)


def _copied(frame: Any, keys: list[str]) -> Any:
    """Sum normalised and copied chars per group; shares of each reuse class."""
    cols = ["norm_chars", *(f"{c}_chars" for c in REUSE_CLASSES)]
    frame = frame.assign(**{c: frame[c] * frame["weight"] for c in cols}) if "weight" in frame \
        else frame
    g = frame.groupby(keys, as_index=False, dropna=True)[cols].sum()
    total = g["norm_chars"].where(g["norm_chars"] > 0)
    for c in REUSE_CLASSES:
        g[f"{c}_share"] = (g[f"{c}_chars"] / total).fillna(0.0)
    return g


def copied_share_by_year(paragraphs: Any, category: str | None = None) -> Any:
    """Per year: copied shares of narrative text (of one category's text when given)."""
    rows = label_rows(paragraphs) if category else narrative(paragraphs)
    if category:
        rows = rows[rows["category"] == category]
    return _copied(rows, ["year"])


def copied_share_by_category(paragraphs: Any, by_period: bool = True) -> Any:
    """Per category (and period): the copied shares of its text."""
    rows = label_rows(paragraphs)
    rows = rows.assign(period=rows["year"].map(period))
    return _copied(rows, ["category", "period"] if by_period else ["category"])


def problems_vs_rest(paragraphs: Any, category: str = "存在问题") -> Any:
    """Self-copied share of ``category``, of 改进措施, and of all other categories together,
    over all years and per period (rows ``all``, ``<=2018``, ``>=2019``)."""
    import pandas as pd

    rows = label_rows(paragraphs)
    rows = rows.assign(group=rows["category"].where(
        rows["category"].isin([category, "改进措施"]), "other categories"),
        period=rows["year"].map(period))
    parts = [_copied(rows.assign(period="all"), ["period", "group"]),
             _copied(rows, ["period", "group"])]
    table = pd.concat(parts).pivot(index="period", columns="group", values="self_copy_share")
    order = [p for p in ("all", "<=2018", ">=2019") if p in table.index]
    cols = [c for c in (category, "改进措施", "other categories") if c in table.columns]
    return table.loc[order, cols]


def copied_share_by_series_year(paragraphs: Any, category: str | None = None) -> Any:
    """Per series and year: copied shares (the series x year heatmap)."""
    rows = label_rows(paragraphs) if category else narrative(paragraphs)
    if category:
        rows = rows[rows["category"] == category]
    rows = rows.assign(series=rows["agency_key"].where(rows["agency_key"] != "", rows["series"]))
    return _copied(rows, ["series", "year"])


def with_history(frame: Any) -> Any:
    """Rows (reports or paragraphs) of a report that has an earlier report in the same series:
    only those can self-copy, so shares over them are not diluted by each series' first year."""
    first = frame.groupby("agency_key")["year"].transform("min")
    return frame[frame["year"] > first]


def series_ranking(reports: Any) -> Any:
    """Per series: reports, years and the mean self-copied share of reports with a history."""
    hist = with_history(reports)
    cols = {"self_copy_share": "mean"}
    for cat in ("存在问题", "改进措施"):
        if f"self_copy_share_{cat}" in hist:
            cols[f"self_copy_share_{cat}"] = "mean"
    g = hist.groupby("agency_key").agg({**cols, "doc_id": "count"}).rename(
        columns={"doc_id": "reports_with_history"})
    span = reports.groupby("agency_key")["year"].agg(["min", "max", "count"])
    span.columns = ["first_year", "last_year", "reports"]
    return span.join(g, how="left").sort_values("self_copy_share", ascending=False).reset_index()


def top_reports(reports: Any, column: str = "self_copy_share_存在问题", n: int = 5) -> Any:
    """The ``n`` reports with the highest value of ``column``; ties go to the report with more
    text in the category (``chars_<category>``) when ``column`` is a per-category share."""
    cat = column.rsplit("_", 1)[-1]
    size = f"chars_{cat}" if f"chars_{cat}" in reports else "narrative_chars"
    cols = ["doc_id", "report", "year", "agency", "agency_key", column, size]
    ranked = reports.dropna(subset=[column]).sort_values([column, size, "doc_id"],
                                                        ascending=[False, False, True])
    return ranked[cols].head(n)


def top_copied_paragraphs(paragraphs: Any, category: str, n: int = 10,
                          reuse: str = "self_copy") -> Any:
    """The paragraphs of a category with the most characters of class ``reuse`` (then the
    highest share ``class_share`` of their normalised characters in that class)."""
    rows = narrative(paragraphs)
    if "labels" not in rows:
        return rows.iloc[0:0]
    rows = rows[rows["labels"].map(lambda labs: category in labs) & (rows["reuse"] == reuse)]
    rows = rows.assign(copied_chars=rows[f"{reuse}_chars"],
                       class_share=rows[f"{reuse}_chars"] / rows["norm_chars"].clip(lower=1))
    return rows.sort_values(["copied_chars", "class_share", "doc_id"],
                            ascending=[False, False, True]).head(n)


# --------------------------------------------------------------------------- notebooks


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese labels with the first CJK font installed (its name)."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei",
                 "PingFang SC", "Microsoft YaHei"):
        if name in names:
            plt.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
            plt.rcParams["axes.unicode_minus"] = False
            return name
    return None


def find_corpus(corpus: str | os.PathLike[str] | None = None) -> Path:
    """The corpus to analyse: ``corpus``, else $NLP_GK_CORPUS, else ../shared/corpus when it
    exists, else the bundled sample corpus."""
    for cand in (corpus, os.environ.get(CORPUS_ENV), ROOT.parent / "shared" / "corpus",
                 ROOT / "corpus" / "sample"):
        if cand and (Path(cand) / "manifest.tsv").is_file():
            return Path(cand)
    from .errors import ConfigError

    raise ConfigError("no corpus found: set NLP_GK_CORPUS to a folder with manifest.tsv")


def notebook_run(corpus: str | os.PathLike[str] | None = None,
                 out: str | os.PathLike[str] | None = None) -> RunData:
    """Run (or resume) the pipeline on the chosen corpus and load its tables."""
    from .pipeline import run_pipeline

    src = find_corpus(corpus)
    out_dir = Path(out or os.environ.get(OUT_ENV) or ROOT / "out" / f"notebook-{src.name}")
    run_pipeline([src], src / "manifest.tsv", out_dir, resume=True)
    return load_run(out_dir)
