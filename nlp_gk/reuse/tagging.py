"""Optional category labels from the tagger, so reports.csv can give per-category shares."""

from __future__ import annotations


def tag_if_available(records: list[dict]) -> tuple[list[dict], str | None]:
    """Records with ``labels`` when the default tagger model loads; else unchanged + a reason."""
    from ..errors import ModelError

    try:
        from ..persist import load_model
        from ..tag import tag_records

        model = load_model()
        return tag_records(records, model=model), None
    except ModelError as exc:
        return records, f"tagger unavailable ({type(exc).__name__}: {exc}); no category shares"
