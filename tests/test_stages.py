"""Helpers shared by the batch stages."""

import gc

import pytest

from nlp_gk.stages import frozen_gc, timed


def test_frozen_gc_hides_live_objects_and_restores_on_error():
    before = gc.get_freeze_count()
    keep = [[i] for i in range(1000)]
    with pytest.raises(RuntimeError), frozen_gc():
        assert gc.get_freeze_count() >= before + len(keep)
        raise RuntimeError("stage failed")
    assert gc.get_freeze_count() == 0


def test_timed_adds_up_per_stage():
    timings: dict[str, float] = {}
    for _ in range(2):
        with timed(timings, "stage"):
            pass
    assert set(timings) == {"stage"} and timings["stage"] >= 0.0


def test_frozen_gc_keeps_an_outer_freeze():
    with frozen_gc():
        outer = gc.get_freeze_count()
        with frozen_gc():
            pass
        assert gc.get_freeze_count() >= outer  # the inner block did not unfreeze it
    assert gc.get_freeze_count() == 0
