"""Precise exceptions. `UserError` subclasses are the user's to fix (CLI exit 1); anything else is ours (exit 2)."""

from __future__ import annotations

from pathlib import Path


class KGRAGError(Exception):
    """Base class of every error kgrag raises on purpose."""


class UserError(KGRAGError):
    """Something the user can fix: bad input, unknown id, missing file, bad configuration."""


class ConfigError(UserError):
    """Settings that cannot work (unknown backend, unreadable config file)."""


class NotFoundError(UserError):
    """An id or name the store does not hold."""


class InputFileError(UserError):
    """A source file that cannot be read or parsed; always says where: `path:line: reason`."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class TooManyBadRowsError(InputFileError):
    """More bad rows than `--skip-bad-rows` allows; the last one is the one reported."""


class MissingStoreError(UserError):
    """A command that only reads found no store to read: it says where it looked and how to create one, and
    creates nothing itself."""


class StoreError(KGRAGError):
    """A graph or index store failed in a way the user cannot fix from the command line."""


class StoreVersionError(UserError):
    """A store written by another kgrag version; the user re-ingests or points at another data dir."""


class EmbeddingModelMismatchError(ConfigError):
    """The configured embedding model is not the one the stored passage vectors were made with."""
