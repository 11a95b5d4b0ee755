"""Per-stage time limits: a question that would make retrieval or verification run away stops with a message
that names the stage, the time spent and the setting to change.

Checks are cooperative (between stages, and between claims when verifying): Python cannot safely interrupt a
running store query, and every stage is already bounded in size (hop depth, neighbour and degree caps,
evidence counts), so a check between bounded steps keeps the overrun to one step. The model call is bounded
by the backend itself (an HTTP timeout, or transformers' `max_time`).
"""

from __future__ import annotations

import time
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
