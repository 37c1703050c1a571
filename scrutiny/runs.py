"""A build run's identity and the phase timings it writes as data (``timings.json`` in its run folder)."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


def new_run_id() -> str:
    """Sortable by start time, unique across concurrent builds."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


class PhaseTimer:
    """Wall-clock seconds per build phase, written to a JSON file as each phase ends (``{phase: seconds}``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.record(name, time.monotonic() - started)

    def record(self, name: str, seconds: float) -> None:
        self.seconds[name] = round(seconds, 3)
        self.path.write_text(json.dumps(self.seconds, indent=2), encoding="utf-8")
