"""Per-stage time limits: a question that would make retrieval or verification run away stops with a message
that names the stage, the time spent and the setting to change.

Checks are cooperative (between stages, and between claims when verifying): Python cannot safely interrupt a
running store query, and every stage is already bounded in size (hop depth, neighbour and degree caps,
evidence counts), so a check between bounded steps keeps the overrun to one step. The model call is bounded
by the backend itself (an HTTP timeout, or transformers' `max_time`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from kgrag.errors import UserError


class StageTimeoutError(UserError):
    """A stage ran past its configured limit; the message names the setting that sets it."""


@dataclass(slots=True)
class Deadline:
    """`seconds` from creation (None: no limit) for `what`, configured by `setting`."""

    seconds: float | None
    setting: str
    what: str
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def shifted(self, seconds: float) -> Deadline:
        """The same limit started `seconds` later: for time spent loading, which a limit never counts."""
        return replace(self, started=self.started + seconds)

    def expired(self) -> bool:
        return self.seconds is not None and self.elapsed > self.seconds

    def check(self, stage: str, advice: str = "") -> None:
        """Raise StageTimeoutError when the limit has passed; `stage` is the step just finished."""
        if self.expired():
            raise StageTimeoutError(f"{self.what} stopped after the {stage} stage: {self.elapsed:.1f} s is over "
                                    f"{self.setting}={self.seconds:g} s. {advice or 'Raise the limit.'}".strip())


@dataclass(slots=True)
class Stopwatch:
    """Milliseconds per stage of one question, shared by `ask` and the planner so one dict records them all (no
    timings handed through helpers). `lap(stage)` adds the time since the last lap (or `restart`) to `stage`;
    `time(stage)` times a block. A stage timed twice (verifying an answer, then its revision) adds up."""

    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    _clock: float = field(default_factory=time.perf_counter)

    def restart(self) -> None:
        """Start the next lap now: what happened since the last one is not any stage's time."""
        self._clock = time.perf_counter()

    def lap(self, stage: str) -> float:
        """Record the time since the last lap as `stage`; the milliseconds recorded."""
        now = time.perf_counter()
        elapsed = round((now - self._clock) * 1000, 3)
        self.record(stage, elapsed)
        self._clock = now
        return elapsed

    def record(self, stage: str, milliseconds: float) -> None:
        self.timings[stage] = round(self.timings.get(stage, 0.0) + milliseconds, 3)

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        self.restart()
        try:
            yield
        finally:
            self.lap(stage)
