"""Who copied whom: agency keys, template (banal) wording and the class of each match.

**Same agency.** Two reports belong to the same agency when their *agency key* is equal:
the manifest's ``series`` when given, else the agency name with whitespace removed and
leading region prefixes (``平潭综合实验区``, ``平潭县``, ``福建省``, ``区`` ...) stripped, so
``平潭综合实验区财政金融局`` and ``区财政金融局`` match. Without either, the key is empty and the
report is compared but never counted as a self copy (and flagged).

**Classes of a copied piece** (first rule that applies):

1. ``template``: the piece was found in paragraphs of at least ``template_min_agencies``
   distinct agencies, its own included (measured on the corpus itself, like TextPAIR's
   "banality"), or it contains a phrase of ``template_phrases`` (see ``matches.py``);
2. ``internal``: the source is in the same report;
3. ``self_copy``: the source is the same agency in an EARLIER year;
4. ``cross_agency``: the source is another agency;
5. otherwise no class (the source is the same agency in the same or a later year: this
   paragraph is the original).
"""

from __future__ import annotations

import re

CLASSES = ("internal", "cross_agency", "self_copy", "template")  # ascending precedence
OUTPUT_ORDER = ("self_copy", "template", "cross_agency", "internal")  # column order of the tables
_REGION = re.compile(
    r"^(?:福建省|福州市|平潭综合实验区|平潭县|综合实验区|实验区|"
    r"[\u4e00-\u9fff]{2,6}?(?:省|自治区|市|自治州|县|旗)(?=[\u4e00-\u9fff]{2})|区(?=[\u4e00-\u9fff]{3}))"
)


def normalize_agency(name: str) -> str:
    """The agency name compared across years.

    >>> normalize_agency(" 平潭综合实验区 财政金融局")
    '财政金融局'
    >>> normalize_agency("区财政金融局"), normalize_agency("平潭县人民政府")
    ('财政金融局', '人民政府')
    """
    key = re.sub(r"\s+", "", name or "")
    while (m := _REGION.match(key)) and len(key) - m.end() >= 2:
        key = key[m.end() :]
    return key


def agency_key(record: dict) -> str:
    """``series`` if given, else the normalised ``agency`` ('' when neither is known)."""
    series = str(record.get("series") or "").strip()
    return series if series else normalize_agency(str(record.get("agency") or ""))


def match_class(target: dict, source: dict) -> str | None:
    """Class of a match from the metadata alone (template is decided per piece, later).

    ``target``/``source`` carry ``key`` (agency key), ``year``, ``doc_id`` and ``report``.
    """
    if (target["doc_id"], target["report"]) == (source["doc_id"], source["report"]):
        return "internal"
    if not target["key"] or not source["key"]:
        return None
    if target["key"] != source["key"]:
        return "cross_agency"
    ty, sy = target["year"], source["year"]
    if ty is not None and sy is not None and sy < ty:
        return "self_copy"
    return None


def series_label(meta: dict) -> str:
    """The series a paragraph counts under: its agency key, else one of its own per document."""
    return meta["key"] or f"?{meta['doc_id']}"


def has_phrase(norm_text: str, phrases: tuple[str, ...]) -> bool:
    return any(p and p in norm_text for p in phrases)
