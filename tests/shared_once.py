"""Build an expensive test input once per test run, even across pytest-xdist workers."""

from __future__ import annotations

import fcntl
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any


def once_per_run(tmp_path_factory: Any, name: str, build: Callable[[Path], Any]) -> Any:
    """``build(folder)`` once per run; other workers wait for it and reuse its pickled result.

    xdist workers share the parent of their temporary folders, so a lock file there lets the
    first worker build while the others wait (xdist's ``loadgroup`` cannot be relied on to keep
    a module's tests on one worker).
    """
    base = Path(tmp_path_factory.getbasetemp())
    # Under xdist each worker's folder (popen-gw0 …) sits in the run's folder; without xdist
    # the run's folder is the base itself (its parent holds every earlier run).
    root = base.parent if base.name.startswith("popen-gw") else base
    folder = root / name
    done = folder / "result.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                folder.mkdir(exist_ok=True)
                result = build(folder)
                done.write_bytes(pickle.dumps(result))
                return result
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return pickle.loads(done.read_bytes())
