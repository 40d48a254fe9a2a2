"""Helpers shared by the batch stages: timing, progress bars on stderr, and the kill hook
the tests use to interrupt a run at a chosen point."""

from __future__ import annotations

import gc
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

KILL_ENV = "NLP_GK_KILL_AT"  # test hook: "files:N" or "outputs:N" -> SIGKILL after N done


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - t0, 3)


@contextmanager
def frozen_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector off the objects alive on entry while a bulk step
    runs (``gc.freeze``). Bulk steps allocate millions of short-lived containers; without
    this, each full collection walks every record already read (measured: tagging 5-8%
    faster, datasketch bulk inserts 2.4x). Objects frozen before entry (by the caller, or an
    enclosing ``frozen_gc``) stay frozen on exit."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def kill_hook(phase: str, done: int) -> None:
    """Test hook: with ``NLP_GK_KILL_AT=phase:N``, SIGKILL this run once N steps are done.

    The whole process group is killed when this process leads it (workers included).
    """
    spec = os.environ.get(KILL_ENV, "")
    name, _, count = spec.partition(":")
    if name != phase or not count.isdigit() or done < int(count):
        return
    if os.getpgid(0) == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, desc: str, enabled: bool) -> Any:
    """A tqdm bar on stderr, or a stand-in that does nothing."""
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="file", leave=False)


def progress_iter(items: list[Any], desc: str, enabled: bool) -> Any:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="file", leave=False)
