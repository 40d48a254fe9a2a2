"""Every setting of copy detection, with its default, in one place.

The defaults were measured, not guessed: ``benchmarks/reuse_thresholds.py`` prints the
real-corpus distributions and the gold sweeps behind them (chosen on the DEV batches of the
gold, see ``benchmarks/eval_reuse_gold.py``), ``benchmarks/bench_reuse_edits.py`` the recall at each
edit level and the false positives on distinct text, ``benchmarks/bench_reuse_scale.py`` the
cost. The README section on ``nlp-gk reuse`` lists the figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..errors import ConfigError


@dataclass(frozen=True)
class ReuseConfig:
    """Parameters of :func:`nlp_gk.reuse.detect_reuse`. Override any key with ``replace``."""

    # -- normalisation and shingles
    min_chars: int = 20  # paragraphs with fewer normalised characters are listed but not compared
    shingle_size: int = 4  # character n-gram length over the normalised text (digits masked)

    # -- MinHash / LSH (Jaccard path)
    num_perm: int = 128  # MinHash permutations per paragraph
    lsh_bands: int = 42  # LSH bands; bands * rows <= num_perm (42 x 3: P(candidate | J=0.3) = 0.68, J=0.4: 0.93)
    lsh_rows: int = 3  # rows per band
    lsh_backend: str = "auto"  # "datasketch" (MinHashLSH), "numpy" (same banding, vectorised) or "auto"
    datasketch_max_items: int = 150_000  # "auto" uses datasketch up to this many paragraphs (memory)
    max_bucket: int = 40  # LSH buckets / posting lists larger than this are linked as a chain, not all pairs
    seed: int = 1  # seed of the MinHash permutations

    # -- containment path (short text copied inside longer text, or heavily edited copies)
    containment: bool = True  # also find candidates through an inverted index of sampled shingles
    fingerprint_mod: int = 2  # keep shingles whose hash % mod == 0 as fingerprints (1 in mod; 1 in 4: edit recall 0.90 at 20%)
    min_shared_fingerprints: int = 4  # candidate pairs share at least this many fingerprints (3: 5x the candidates, same recall)
    max_df: int = 40  # fingerprints in more paragraphs than this are too common to index
    # the same index with posting lists per series: an own-earlier source sharing only wording
    # that is common corpus-wide (its fingerprints all over max_df) is still a candidate. The rule
    # pools own-earlier sources, and these were missed (DEV self_copy R 0.978 -> 0.989,
    # template-vs-self 0.974 -> 0.980). Cost at 100k synthetic paragraphs: 0.5 s of 35 s,
    # peak memory unchanged; edit recall and false positives unchanged (bench_reuse_edits.py)
    own_containment: bool = True

    # -- exact verification on shingle sets
    min_containment: float = 0.2  # |A & B| / min(|A|, |B|) a candidate needs to be aligned (0.3 lost gold self_copy recall)

    # -- alignment
    threshold: float = 0.7  # min partial_ratio (0..1) of a sentence piece to be aligned (gold plateau 0.7-0.8; 20%-edit recall)
    min_span_chars: int = 14  # aligned pieces shorter than this (normalised chars) are ignored
    max_gap: int | None = 2  # aligned piece -> its matching stretches, joined across <= this many edited chars (None: whole piece)
    # a renamed agency does not break a stretch (rule): two stretches that are each a stretch on
    # their own (>= rename_min_run chars, the rule's "about 10") are joined across <= rename_gap
    # chars on both sides when they follow each other in the source too (0: off). DEV: self_copy
    # unchanged, cross_agency R 0.72 -> 0.76; rename_min_run 9 also joins 9-char runs
    # (one more DEV self_copy found, one DEV template lost to cross_agency), so the rule's 10 stays
    rename_gap: int = 12
    rename_min_run: int = 10

    # -- classification
    template_min_agencies: int = 4  # text held by >= this many distinct agencies (own included: 3 others) is template
    stretch_gram: int = 12  # a shared "stretch" is >= this many consecutive normalised chars (banality, exact matches)
    # the shortest shared stretch with a paragraph of the SAME agency (aligned or exact): the
    # rule's "about 10". Other pairs keep stretch_gram: against the whole corpus, 10-character
    # runs also match by chance (bench_reuse_edits.py: 10 for all pairs doubled the false
    # positives on distinct text, 0.62 -> 1.25 per 10k). DEV gold (batches 1-3, after the
    # exclusion audit): self_copy P/R 0.985/0.956 at 12 -> 0.975/0.970 at 10, template-vs-self
    # 0.957 -> 0.970; 9 and 11 no better. The corpus-wide template windows keep stretch_gram
    own_gram: int = 10
    # prescribed wording is template in all its local variants (corpus/guidelines/reuse.md), when
    # copied: a national table note copied into prose (holds one of prescribed_notes), or the
    # standard report preamble (cites the regulation and has >= preamble_min_markers fixed parts)
    prescribed_notes: tuple[str, ...] = ("钩稽关系",)
    preamble_anchor: str = "政府信息公开条例"
    # each marker lists its local variants, "|"-separated: data period, electronic version,
    # contact for questions (如对本报告有任何疑问 / 对本报告如有疑问 / ...), list of the report's parts,
    # the report made public (特向社会公布…年度报告). On the DEV series the variants added three
    # preambles (统计周期, 如对本报告有疑问, ...) that were self_copy; every other paragraph kept its
    # label. 向社会公布 (session 4) adds 9 corpus paragraphs, all preambles, and two gold template
    # items that were self_copy
    preamble_markers: tuple[str, ...] = (
        "统计期限|统计时限|统计周期|统计期间", "电子版", "疑问",
        "报告由|报告包括|报告共分|报告涵盖|年报由|年报包括|全文包括|全文由", "向社会公布")
    preamble_min_markers: int = 2
    short_template_chars: int = 80  # up to this many chars, also template when aligned (edits allowed) with 3+ other series
    max_partners: int = 40  # verified partners of other agencies aligned per paragraph (most contained first)
    template_phrases: tuple[str, ...] = field(default_factory=tuple)  # extra template wording
    min_copied_share: float = 0.5  # the rule's "most of it": share a class (or T+S+X, mixed) must cover
    min_copied_chars: int = 20  # ... and at least this many copied chars (stock phrases in short paragraphs)

    def validate(self) -> ReuseConfig:
        """Raise :class:`ConfigError` for values out of range; return ``self``."""
        checks = [
            (self.min_chars >= self.shingle_size >= 1, "min_chars >= shingle_size >= 1"),
            (self.lsh_bands * self.lsh_rows <= self.num_perm, "lsh_bands * lsh_rows <= num_perm"),
            (self.lsh_backend in {"auto", "datasketch", "numpy"}, "lsh_backend in auto/datasketch/numpy"),
            (0.0 <= self.threshold <= 1.0, "threshold must be in [0.0, 1.0]"),
            (0.0 <= self.min_containment <= 1.0, "min_containment must be in [0.0, 1.0]"),
            (0.0 <= self.min_copied_share <= 1.0, "min_copied_share must be in [0.0, 1.0]"),
            (self.max_bucket >= 2 and self.max_df >= 2, "max_bucket and max_df must be >= 2"),
            (self.fingerprint_mod >= 1, "fingerprint_mod must be >= 1"),
            (self.template_min_agencies >= 2, "template_min_agencies must be >= 2"),
            (self.stretch_gram >= self.shingle_size, "stretch_gram must be >= shingle_size"),
            (self.own_gram >= self.shingle_size, "own_gram must be >= shingle_size"),
        ]
        for ok, message in checks:
            if not ok:
                raise ConfigError(f"reuse config: {message}")
        return self

    def with_overrides(self, **overrides: Any) -> ReuseConfig:
        """A copy with the given keys replaced (``None`` values are ignored)."""
        unknown = set(overrides) - set(asdict(self))
        if unknown:
            raise ConfigError(f"reuse config: unknown key(s) {sorted(unknown)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None}).validate()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
