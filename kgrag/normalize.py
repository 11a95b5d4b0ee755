"""Name normalization shared by the store's name index and (later) the entity linker.

One function, so a name written at ingest time and a mention looked up at question time are
folded the same way: Unicode compatibility form, accents stripped, case folded, punctuation to
spaces, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize_name(text: str) -> str:
    if not text.isascii():  # ASCII (most names) has nothing to decompose: skip the per-character pass
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.casefold()).replace("_", " ").strip()


def name_tokens(text: str) -> list[str]:
    return [t for t in normalize_name(text).split(" ") if t]
