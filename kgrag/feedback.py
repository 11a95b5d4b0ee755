"""Clinician feedback on answers and claims, in SQLite under the data dir (`feedback.sqlite`).

One row per judgement: thumbs up or down and an optional comment, on a whole answer or on one of its claims,
stored with what was judged (question, answer text, evidence ids, the claim, the model and prompt version) so
a row stays meaningful after the graph or the model changes. This file holds questions and is the only place
kgrag writes them to disk, so protect the data dir accordingly.
`kgrag feedback export` writes it as JSONL or CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from kgrag.errors import UserError
from kgrag.records import Answer
from kgrag.storage import Closing, SQLiteFile

SCHEMA_VERSION = 1
Rating = Literal["up", "down"]
EXPORT_FORMATS = ("jsonl", "csv")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    claim_index INTEGER,          -- NULL: feedback on the whole answer
    claim TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL DEFAULT '',
    evidence_ids TEXT NOT NULL DEFAULT '',  -- the [K#]/[P#] ids the answer was given, with what they point at
    model TEXT NOT NULL DEFAULT '',
    prompt_version TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    id: int
    created_at: str
    rating: str
    comment: str
    question: str
    answer: str
    claim_index: int | None
    claim: str
    verdict: str
    evidence_ids: str
    model: str
    prompt_version: str


class FeedbackStore(Closing):
    def __init__(self, path: Path) -> None:
        """Opened through the storage kit (`kgrag.storage`): the app's sessions share the one connection from
        their threads, and each judgement is its own transaction under the store's lock."""
        self._file = SQLiteFile(path, _SCHEMA, SCHEMA_VERSION, what="feedback store",
                                remedy="export it with an older kgrag and start a new data directory")
        self.path = path
        self._db = self._file.conn

    def record(self, answer: Answer, rating: Rating, comment: str = "", claim_index: int | None = None) -> int:
        """Store one judgement; returns its id. `claim_index` points into `answer.claims`."""
        if rating not in ("up", "down"):
            raise UserError(f"rating must be 'up' or 'down', not {rating!r}")
        claim_text = verdict = ""
        if claim_index is not None:
            if not 0 <= claim_index < len(answer.claims):
                raise UserError(f"the answer has {len(answer.claims)} claims; there is no claim {claim_index}")
            claim = answer.claims[claim_index]
            claim_text, verdict = claim.sentence, claim.verdict
        evidence = "; ".join([f"{fact.id}={fact.source}" for fact in answer.facts]
                             + [f"{passage.id}={passage.source}" for passage in answer.passages])
        with self._file.transaction() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, rating, comment, question, answer, claim_index, claim, verdict, "
                "evidence_ids, model, prompt_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), rating, comment.strip(), answer.question,
                 answer.text, claim_index, claim_text, verdict, evidence, answer.model, answer.prompt_version))
        return int(cursor.lastrowid or 0)

    def rows(self) -> Iterator[FeedbackRow]:
        for row in self._db.execute(f"SELECT {', '.join(FeedbackRow.__slots__)} FROM feedback ORDER BY id"):  # noqa: S608
            yield FeedbackRow(*row)

    def export(self, fmt: str) -> str:
        """All rows as JSONL or CSV text."""
        if fmt not in EXPORT_FORMATS:
            raise UserError(f"unknown export format {fmt!r}; use {' or '.join(EXPORT_FORMATS)}")
        rows = [asdict(row) for row in self.rows()]
        if fmt == "jsonl":
            return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(FeedbackRow.__slots__))
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()

    def close(self) -> None:
        self._file.close()
