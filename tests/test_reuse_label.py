"""nlp_gk.reuse.label: the paragraph label follows corpus/guidelines/reuse.md."""

from __future__ import annotations

import pytest

from nlp_gk.reuse.label import CharClasses, is_preamble, paragraph_label, phrase_mask


def _cc(n: int = 100, template: tuple[int, int] = (0, 0), own: tuple[int, int] = (0, 0),
        other: tuple[int, int] = (0, 0), internal: tuple[int, int] = (0, 0)) -> CharClasses:
    cc = CharClasses.empty(n)
    for mask, (a, b) in ((cc.template, template), (cc.own, own), (cc.other, other),
                         (cc.internal, internal)):
        mask[a:b] = True
    return cc


@pytest.mark.parametrize(("cc", "label"), [
    (_cc(template=(0, 60), own=(0, 100)), "template"),  # template beats self_copy
    (_cc(template=(0, 40), own=(0, 100)), "self_copy"),
    (_cc(own=(0, 50), other=(0, 100)), "self_copy"),  # self_copy beats cross_agency
    (_cc(other=(0, 70)), "cross_agency"),
    (_cc(template=(0, 20), own=(20, 40), other=(40, 70)), "cross_agency"),  # mixed: X largest
    (_cc(template=(0, 25), own=(25, 50)), "template"),  # mixed tie: T first
    (_cc(own=(0, 45)), None),  # under half copied: novel, however large the copied part
    (_cc(internal=(0, 80)), "internal"),
    (_cc(), None),
], ids=["T-over-S", "S", "S-over-X", "X", "mixed-X", "mixed-tie", "under-half", "internal", "none"])
def test_label_precedence(cc: CharClasses, label: str | None) -> None:
    assert paragraph_label(cc, 0.5) == label


def test_min_chars_and_shares() -> None:
    short = _cc(n=30, template=(0, 16))
    assert paragraph_label(short, 0.5) == "template"
    assert paragraph_label(short, 0.5, min_chars=20) is None  # a stock phrase in a short paragraph
    cc = _cc(template=(0, 30), own=(20, 60), other=(50, 70))
    assert cc.copied_share() == 0.7
    assert cc.rule_shares() == {"template": 0.3, "self_copy": 0.4, "cross_agency": 0.2}
    assert cc.class_chars() == {"template": 30, "self_copy": 30, "cross_agency": 10}


def test_prescribed_preamble_is_template_when_copied() -> None:
    text = "根据中华人民共和国政府信息公开条例编制本报告所列数据的统计期限自0年起如有疑问请联系办公室"
    assert is_preamble(text, "政府信息公开条例", ("统计期限", "电子版", "如有疑问"), 2)
    assert not is_preamble(text, "政府信息公开条例", ("统计期限", "电子版", "如有疑问"), 3)
    cc = _cc(template=(0, 30), own=(0, 100))
    cc.prescribed = True
    assert paragraph_label(cc, 0.5) == "template"
    fresh = _cc(template=(0, 30))
    fresh.prescribed = True
    assert paragraph_label(fresh, 0.5) is None  # not copied: still the original


def test_preamble_local_variants_with_the_default_markers() -> None:
    from nlp_gk.reuse.config import ReuseConfig

    cfg = ReuseConfig()
    args = (cfg.preamble_anchor, cfg.preamble_markers, cfg.preamble_min_markers)
    variant = ("根据中华人民共和国政府信息公开条例的规定现公布0年度报告报告包括总体情况等六个部分"
               "数据统计周期为0年0月0日至0年0月0日如对本报告内容有疑问可联系办公室")
    assert is_preamble(variant, *args)  # parts list, 统计周期 and 疑问: three of four markers
    assert not is_preamble(variant, "政府信息公开条例", ("统计期限", "电子版", "如有疑问"), 2)
    cites = "根据政府信息公开条例第0条规定对申请人提出的疑问逐一作出解答"  # one marker only
    assert not is_preamble(cites, *args)
    assert not is_preamble(variant.replace("政府信息公开条例", "条例"), *args)  # no citation
    announced = ("根据中华人民共和国政府信息公开条例有关规定特向社会公布本局0年政府信息公开工作年度报告"
                 "如对本报告有疑问请联系本局办公室")
    assert is_preamble(announced, *args)  # made public (向社会公布) and 疑问


def test_phrase_mask() -> None:
    assert phrase_mask("甲乙丙甲乙", ("甲乙",)).astype(int).tolist() == [1, 1, 0, 1, 1]
    assert not phrase_mask("甲乙丙", ("",)).any()


def test_table_note_is_prescribed() -> None:
    from nlp_gk.reuse.label import is_prescribed

    args = ("政府信息公开条例", ("统计期限", "电子版", "如有疑问"), 2)
    assert is_prescribed("注本表数据之间存在钩稽关系", ("钩稽关系",), *args)
    assert not is_prescribed("本表数据按年度统计", ("钩稽关系",), *args)
