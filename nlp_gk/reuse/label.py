"""The paragraph label, decided as the labelling rule ``corpus/guidelines/reuse.md`` says.

Per normalised character of a paragraph (:class:`CharClasses`):

* ``template`` (T): in a stretch found in at least ``template_min_agencies - 1`` other series,
  counted on the whole corpus (:mod:`nlp_gk.reuse.banality`) or over the aligned partners;
* ``own`` (S): aligned with a paragraph of the same series from an EARLIER year;
* ``other``: aligned with a paragraph of another series (``X`` is ``other`` outside T);
* ``internal``: aligned with another paragraph of the same report.

Label, first rule that applies (``min_share`` = 0.5: "most of the paragraph"):

1. ``template``  if T >= min_share (template beats self_copy);
2. ``self_copy`` if S >= min_share (self_copy beats cross_agency);
3. ``cross_agency`` if X >= min_share;
4. mixed: if T | S | X together cover >= min_share, the largest of T, S outside T, and X
   (ties in that order);
5. ``internal`` if the internal share is >= min_share;
6. ``None`` (novel) otherwise, however much of it is copied: the rule labels a paragraph by
   the class covering at least half of it. ``copied_share`` and the sources still say what
   was found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classify import has_phrase


@dataclass
class CharClasses:
    """Boolean masks over the normalised characters of one paragraph."""

    template: np.ndarray
    own: np.ndarray
    other: np.ndarray
    internal: np.ndarray
    prescribed: bool = False  # the standard report preamble (see :func:`is_preamble`)

    @classmethod
    def empty(cls, n: int) -> CharClasses:
        return cls(*(np.zeros(n, dtype=bool) for _ in range(4)))

    def copied_share(self) -> float:
        """Share of characters found anywhere else (0 for an empty paragraph)."""
        if not len(self.own):
            return 0.0
        return float((self.template | self.own | self.other | self.internal).mean())

    def rule_shares(self) -> dict[str, float]:
        """The rule's shares: T, S (own-earlier, T included) and X (other series outside T)."""
        if not len(self.own):
            return {}
        x = self.other & ~self.template
        return {"template": round(float(self.template.mean()), 4),
                "self_copy": round(float(self.own.mean()), 4),
                "cross_agency": round(float(x.mean()), 4)}

    def class_chars(self) -> dict[str, int]:
        """Characters per class, each counted once: template, then self, cross, internal."""
        t = self.template
        s = self.own & ~t
        x = self.other & ~t & ~self.own
        i = self.internal & ~(t | self.own | self.other)
        counts = {"template": t, "self_copy": s, "cross_agency": x, "internal": i}
        return {c: int(m.sum()) for c, m in counts.items() if m.any()}


def paragraph_label(cc: CharClasses, min_share: float, min_chars: int = 0) -> str | None:
    """The class of the whole paragraph (see the module docstring), or None for novel.

    The class also needs ``min_chars`` copied characters: in a short paragraph, a stock
    phrase or two is not copying. A ``prescribed`` paragraph (the standard report preamble,
    :func:`is_preamble`) that is copied (``min_share`` of it) is template, whatever its shares.
    """
    n = len(cc.own)
    if not n or (cc.template | cc.own | cc.other | cc.internal).sum() < min_chars:
        return None
    if cc.prescribed and cc.copied_share() >= min_share:
        return "template"
    t, s = cc.template.mean(), cc.own.mean()
    x_mask = cc.other & ~cc.template
    if t >= min_share:
        return "template"
    if s >= min_share:
        return "self_copy"
    if x_mask.mean() >= min_share:
        return "cross_agency"
    if (cc.template | cc.own | x_mask).mean() >= min_share:
        parts = {"template": t, "self_copy": (cc.own & ~cc.template).mean(),
                 "cross_agency": x_mask.mean()}
        return max(parts, key=lambda c: parts[c])  # dict order breaks ties: T, S, X
    if cc.internal.mean() >= min_share:
        return "internal"
    return None


def char_classes(n: int, found: list, source_key: list[str], template: np.ndarray,
                 min_other: int, short_chars: int = 0) -> CharClasses:
    """The masks of one target of ``n`` normalised characters.

    ``found`` are its :class:`~nlp_gk.reuse.matches.Match` objects, ``source_key[m.source]``
    the series of a source, ``template`` the corpus-wide template mask of the target (exact
    stretches in ``min_other`` other series). A short paragraph (``n <= short_chars``) is
    also template where its aligned partners (light edits allowed) come from ``min_other``
    other series: the rule's "short standard sentence ... found as a whole in 3 or more
    other series".
    """
    cc = CharClasses.empty(n)
    cc.template |= template
    per_series: dict[str, np.ndarray] = {}
    for m in found:
        mask = {"self_copy": cc.own, "internal": cc.internal}.get(m.relation)
        if m.relation == "cross_agency":
            mask = per_series.setdefault(source_key[m.source], np.zeros(n, dtype=bool))
        for sp in m.spans if mask is not None else ():
            mask[sp.a_start : sp.a_end] = True
    if per_series:
        count = np.sum(list(per_series.values()), axis=0)
        cc.other |= count > 0
        if n <= short_chars:
            cc.template |= count >= min_other
    return cc


def phrase_mask(text: str, phrases: tuple[str, ...]) -> np.ndarray:
    """Characters of the normalised ``text`` inside an occurrence of one of ``phrases``."""
    out = np.zeros(len(text), dtype=bool)
    for phrase in phrases:
        start = text.find(phrase) if phrase else -1
        while start >= 0:
            out[start : start + len(phrase)] = True
            start = text.find(phrase, start + 1)
    return out



def is_prescribed(text: str, notes: tuple[str, ...], anchor: str, markers: tuple[str, ...],
                  min_markers: int) -> bool:
    """Prescribed wording: a national table note copied into prose (it holds one of ``notes``)
    or the standard report preamble (:func:`is_preamble`)."""
    return has_phrase(text, notes) or is_preamble(text, anchor, markers, min_markers)


def is_preamble(text: str, anchor: str, markers: tuple[str, ...], min_markers: int) -> bool:
    """The standard report preamble: cites the regulation (``anchor``) and has ``min_markers``
    of its other fixed parts (data period, electronic version, contact for questions, list of
    the report's parts). A marker may list local variants separated by ``|``.

    >>> is_preamble("根据政府信息公开条例编制本报告统计期限自0年起如有疑问请联系", "政府信息公开条例",
    ...             ("统计期限", "电子版", "如有疑问"), 2)
    True
    >>> is_preamble("根据政府信息公开条例编制数据统计周期为0年如对本报告内容有疑问请联系", "政府信息公开条例",
    ...             ("统计期限|统计周期", "电子版", "疑问"), 2)
    True
    """
    return (bool(anchor) and anchor in text
            and sum(has_phrase(text, tuple(m.split("|"))) for m in markers) >= min_markers)
