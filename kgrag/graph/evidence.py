"""Edge evidence as stored (JSON text): encoding, decoding and merging, one rule for every backend."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from kgrag.records import EvidenceValue, evidence_data


@lru_cache(maxsize=65536)  # pure, and bulk loads merge the same few hundred evidence pairs again and again
def merge_evidence(old: str, new: str) -> str:
    """SQL function: merge two evidence objects; list values are unioned, scalars take the new value."""
    if old == new:
        return old
    merged: dict[str, Any] = json.loads(old)
    for key, value in json.loads(new).items():
        previous = merged.get(key)
        if isinstance(value, list) and isinstance(previous, list):
            merged[key] = list(dict.fromkeys([*previous, *value]))
        else:
            merged[key] = value
    return json.dumps(merged, ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=4096)
def _encode_items(items: tuple[tuple[str, EvidenceValue], ...]) -> str:
    return json.dumps(evidence_data(dict(items)), ensure_ascii=False, sort_keys=True)


def encode_evidence(evidence: Mapping[str, EvidenceValue]) -> str:
    """Evidence as stored. Cached: bulk loads repeat a few hundred evidence values millions of times."""
    return _encode_items(tuple(evidence.items())) if evidence else "{}"


def decode_evidence(raw: str) -> dict[str, EvidenceValue]:
    return {k: tuple(v) if isinstance(v, list) else str(v) for k, v in json.loads(raw).items()}
