"""Shared fixtures: the bundled sample corpus, the shared corpus (optional) and a bad-input corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample"
SHARED = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    if not (SAMPLE / "manifest.tsv").is_file():
        pytest.skip("sample corpus not present")
    return SAMPLE


@pytest.fixture(scope="session")
def sample_manifest(sample_dir: Path) -> Path:
    return sample_dir / "manifest.tsv"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED / "manifest.tsv").is_file():
        pytest.skip("../shared/corpus not present")
    return SHARED


REPORT_2021 = (
    "标题: 青山县测试局2021年度政府信息公开工作年度报告\n发布时间: 2022-01-10 09:00\n"
    "==================== 正文 ====================\n"
    "当前位置：首页 > 政务公开 > 年报\n"
    "根据《中华人民共和国政府信息公开条例》要求，现公布本报告。\n"
    "一、总体情况\n"
    "（一）主动公开。2021年，我局主动公开政府信息35条。\n"
    "（四）平台建设。我局维护门户网站信息公开专栏，更新政务新媒体。\n"
    "（五）监督保障。我局调整领导小组，组织培训2次。\n"
    "二、主动公开政府信息情况\n"
    "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件352\n"
    "五、存在的主要问题及改进情况\n"
    "我局政府信息公开工作仍存在不足：一是意识有待加强。二是解读形式单一。下一步，我局将加强培训。\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    "青山县测试局\n2022年1月10日\n"
    "扫码使用手机浏览本页内容\n"
)


@pytest.fixture()
def report_text() -> str:
    """A small line-broken report with a header, chrome, a table and a signature."""
    return REPORT_2021


@pytest.fixture()
def bad_corpus(tmp_path: Path) -> Path:
    """A folder of malformed files next to one good report."""
    d = tmp_path / "bad"
    d.mkdir()
    (d / "good.txt").write_text(REPORT_2021, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "undecodable.txt").write_bytes(REPORT_2021.encode("utf-8")[:300] + b"\xff\xfe\xfa" +
                                         REPORT_2021.encode("utf-8")[300:])
    (d / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    (d / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (d / "huge.txt").write_bytes(("政务公开" * 4_400_000).encode("utf-8"))  # ~50 MB, one line
    (d / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (d / "nosections.txt").write_text("本局今年认真做好信息公开工作，群众满意。" * 5, encoding="utf-8")
    return d


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# ---- reuse fixtures (appended by the reuse helper) ----
REUSE_ALPHABET = (
    "政府信息公开工作年度报告主动依申请平台建设监督保障存在问题改进措施我局进一步加强规范完善制度"
    "落实要求推进网站栏目发布解读政策回应关切培训考核办理答复行政复议诉讼数据统计目录指南更新维护"
    "群众企业服务质量效率水平意识能力队伍管理机制流程标准程序渠道形式内容范围重点领域财政预算决算"
)


def reuse_text(rng, n_sentences: int = 5, length: tuple[int, int] = (15, 40)) -> str:  # type: ignore[no-untyped-def]
    """A random paragraph of report-like characters (distinct for distinct seeds)."""
    sentences = []
    for _ in range(n_sentences):
        k = int(rng.integers(*length))
        sentences.append("".join(rng.choice(list(REUSE_ALPHABET), size=k)) + "。")
    return "".join(sentences)


@pytest.fixture()
def rng_texts() -> list[str]:
    """Ten distinct random report-like paragraphs of about 140 characters."""
    import numpy as np

    rng = np.random.default_rng(7)
    return [reuse_text(rng) for _ in range(10)]


@pytest.fixture()
def make_reuse_text():  # type: ignore[no-untyped-def]
    """The :func:`reuse_text` generator, for tests that build their own corpora."""
    return reuse_text


# ---- pipeline fixtures (appended by the pipeline helper) ----
def pipeline_report(agency: str, year: int, paras: dict[str, str]) -> str:
    """One generated report in the national six-section format, with a header."""
    return (
        f"标题: {agency}{year}年政府信息公开工作年度报告\n发布时间: {year + 1}-01-15 09:00\n"
        "==================== 正文 ====================\n"
        f"{agency}{year}年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        f"（一）主动公开。{paras['open']}\n"
        f"（四）平台建设。{paras['platform']}\n"
        f"（五）监督保障。{paras['supervision']}\n"
        "五、存在的主要问题及改进情况\n"
        f"{paras['problems']}\n下一步，{paras['measures']}\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
        f"{agency}\n{year + 1}年1月15日\n"
    )


def write_generated_corpus(root: Path, series: int = 3, years: range = range(2019, 2023),
                           copy_series: int = 0, seed: int = 11) -> Path:
    """A folder of generated reports plus ``manifest.tsv``.

    Series ``copy_series`` repeats its first year's 存在问题 and 改进措施 text every year
    (with the year bumped), so self copies are there to find; every other paragraph is random.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    rows = ["doc_id\tpath\tseries\tagency\tyear"]
    for s in range(series):
        agency = f"青山县第{'一二三四五六七八九'[s]}局"
        fixed = {k: _category_text(rng, k) for k in ("problems", "measures")}
        for year in years:
            paras = {k: _category_text(rng, k) for k in ("open", "platform", "supervision",
                                                         "problems", "measures")}
            if s == copy_series:
                paras.update(fixed)
            doc_id = f"s{s}-{year}"
            (root / f"{doc_id}.txt").write_text(pipeline_report(agency, year, paras),
                                                encoding="utf-8")
            rows.append(f"{doc_id}\t{doc_id}.txt\tser{s}\t{agency}\t{year}")
    (root / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


GEN_CATEGORY = {"open": "其他", "platform": "平台建设", "supervision": "监督保障",
                "problems": "存在问题", "measures": "改进措施"}


def _category_text(rng, key: str) -> str:  # type: ignore[no-untyped-def]
    """Random report-like text opened by two cue phrases of the paragraph's category."""
    pool = TAGGER_POOLS[GEN_CATEGORY[key]]
    cues = [pool[int(i)] for i in rng.choice(len(pool), size=2, replace=False)]
    return "，".join(cues) + "。" + reuse_text(rng, 4)


@pytest.fixture()
def gen_corpus(tmp_path: Path) -> Path:
    """A generated corpus: 3 series x 4 years (series 0 copies itself), one empty file."""
    root = write_generated_corpus(tmp_path / "corpus")
    (root / "broken.txt").write_bytes(b"")
    return root


# ---- tagger fixtures (tokenize, labels, model, persist, evaluate, tag) ----

TAGGER_POOLS = {
    "存在问题": ["存在一些不足", "公开意识有待提高", "解读形式不够丰富", "与群众期待仍有差距", "人员力量薄弱"],
    "改进措施": ["下一步我局将进一步加强", "今后将继续完善", "认真抓好整改落实", "着力提升公开质量", "将加强业务培训"],
    "平台建设": ["门户网站信息公开专栏", "政务新媒体运行平稳", "微信公众号发布信息", "政府公报按期刊发", "公开栏和电子屏"],
    "监督保障": ["调整工作领导小组", "组织专题培训两次", "纳入绩效考核", "开展社会评议", "落实责任追究制度"],
    "其他": ["主动公开政府信息四十条", "受理依申请公开五件", "开展保密审查", "政策解读三篇", "未收取任何费用"],
}


def tagger_examples(n: int = 400, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    """Generated paragraphs (three cue phrases of one label, sometimes two labels)."""
    import random

    rng = random.Random(seed)
    labels = list(TAGGER_POOLS)
    docs, labs = [], []
    for i in range(n):
        lab = labels[i % len(labels)]
        parts = rng.sample(TAGGER_POOLS[lab], 3)
        these = [lab]
        if lab == "存在问题" and i % 3 == 0:
            parts += rng.sample(TAGGER_POOLS["改进措施"], 2)
            these = ["存在问题", "改进措施"]
        docs.append("，".join(parts) + "。")
        labs.append(these)
    return docs, labs


@pytest.fixture(scope="session")
def tiny_model():
    """A small tagger fitted on generated text (body only, no heading block)."""
    from nlp_gk.model import fit_model

    docs, labs = tagger_examples()
    return fit_model(docs, labs, {"use_heading": False, "min_df": 1})


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model, tmp_path_factory):
    from nlp_gk.persist import save_model

    return save_model(tiny_model, tmp_path_factory.mktemp("model") / "tiny")
