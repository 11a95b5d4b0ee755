"""Claim extraction by an LLM with a JSON schema, for models capable of it (`KGRAG_CLAIM_EXTRACTION=llm`).

The model sees the answer's sentences numbered and lists (sentence, subject, predicate, object, negated). Every
item is validated: the predicate must be in graph_schema's clinical vocabulary, subject and object must be words
of that sentence, and both are re-linked by kgrag's own linker, so a model can propose claims but never invent
concept ids. Anything malformed is dropped and counted; a reply that is not JSON at all yields no claims and a
note, and the rule-based extractor still runs (`kgrag.claims.verdicts` merges both).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph_schema import PREDICATES
from kgrag.linking.dictionary import Linker
from kgrag.llm.base import LLM, GenerationSettings, Message
from kgrag.prompts import read_prompt
from kgrag.records import LinkedMention

CLINICAL = sorted(name for name, predicate in PREDICATES.items() if predicate.clinical)
_OBJECT = re.compile(r"\{.*\}", re.S)


@dataclass(frozen=True, slots=True)
class ProposedClaim:
    sentence: int  # 0-based
    subject: LinkedMention | str  # linked when kgrag's linker recognizes the words
    predicate: str
    object: LinkedMention | str
    negated: bool


@lru_cache(maxsize=1)
def _template() -> dict[str, str]:
    return read_prompt("claims", "version", "system", "user")


class LLMClaimExtractor:
    def __init__(self, llm: LLM, linker: Linker | None, max_new_tokens: int = 512) -> None:
        self.llm = llm
        self.linker = linker
        self.max_new_tokens = max_new_tokens

    @property
    def version(self) -> str:
        return _template()["version"]

    def extract(self, sentences: list[str]) -> tuple[list[ProposedClaim], list[str]]:
        """(validated claims, notes about what was dropped)."""
        if not sentences:
            return [], []
        template = _template()
        numbered = "\n".join(f"[{i}] {s}" for i, s in enumerate(sentences, 1))
        user = template["user"].format_map({"predicates": ", ".join(CLINICAL), "sentences": numbered})
        reply = self.llm.complete([Message("system", template["system"]), Message("user", user)],
                                  GenerationSettings(max_new_tokens=self.max_new_tokens)).text
        items = _items(reply)
        if items is None:
            return [], ["the model's claim list was not JSON; only the rule-based claims were checked"]
        claims: list[ProposedClaim] = []
        dropped = 0
        for item in items:
            claim = self._validate(item, sentences)
            if claim is None:
                dropped += 1
            else:
                claims.append(claim)
        notes = [f"{dropped} claim(s) proposed by the model were malformed and dropped"] if dropped else []
        return claims, notes

    def _validate(self, item: Any, sentences: list[str]) -> ProposedClaim | None:
        if not isinstance(item, dict):
            return None
        number, subject, predicate, obj = (item.get(k) for k in ("sentence", "subject", "predicate", "object"))
        negated = item.get("negated", False)
        if not (isinstance(number, int) and 1 <= number <= len(sentences) and predicate in CLINICAL
                and isinstance(subject, str) and isinstance(obj, str) and isinstance(negated, bool)):
            return None
        sentence = sentences[number - 1]
        if subject.strip().lower() not in sentence.lower() or obj.strip().lower() not in sentence.lower():
            return None  # words the sentence does not contain: the model paraphrased or invented them
        return ProposedClaim(number - 1, self._link(subject.strip()), predicate, self._link(obj.strip()), negated)

    def _link(self, words: str) -> LinkedMention | str:
        """The linker's mention covering most of `words`, or the words themselves when nothing links."""
        if self.linker is None:
            return words
        mentions = self.linker.link(words, context=False)
        return max(mentions, key=lambda m: m.end - m.start) if mentions else words


def _items(reply: str) -> list[Any] | None:
    match = _OBJECT.search(reply)
    if match is None:
        return None
    try:
        data = json.loads(match.group())
    except ValueError:
        return None
    items = data.get("claims") if isinstance(data, dict) else None
    return items if isinstance(items, list) else None
