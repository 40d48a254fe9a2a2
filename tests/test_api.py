from __future__ import annotations

import nlp_gk


def test_public_api_resolves() -> None:
    for name in nlp_gk.__all__:
        assert getattr(nlp_gk, name) is not None, name


def test_unknown_attribute_raises() -> None:
    import pytest

    with pytest.raises(AttributeError):
        nlp_gk.no_such_thing  # noqa: B018
