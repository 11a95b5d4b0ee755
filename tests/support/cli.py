"""What an in-process CLI run gives back (the `cli` fixture in conftest runs `kgrag ARGS...`)."""

from __future__ import annotations


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err
