"""How evidence merges when the same edge is loaded again: one rule for every backend."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any


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
