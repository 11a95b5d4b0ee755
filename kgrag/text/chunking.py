"""Sentence-aware, token-budgeted chunking with character offsets.

The splitter is `semantic-text-splitter` (Rust `text-splitter`, maintained, MIT). Why it and not a
regex or NLTK: it measures chunks with the embedding model's own Hugging Face tokenizer, so a 256-token
budget means 256 tokens to the encoder and nothing is silently truncated; it splits at the highest
semantic level that fits (paragraphs, then Unicode UAX #29 sentences, then words), which keeps "e.g.",
"p < 0.05" and "12.5%" inside their sentence; it supports token overlap; and `chunk_indices` returns
character offsets into the input, which is what a citation needs. NLTK's punkt needs a data download;
pysbd is unmaintained since 2021; llama-index's SentenceSplitter pulls a 126 MB framework.

The title is not part of a passage's span, but its tokens are part of the budget, because the indexes
see `title + "\\n" + span` (a title is the densest summary of an abstract, and it costs ~20 tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from semantic_text_splitter import TextSplitter
from tokenizers import Tokenizer

if TYPE_CHECKING:
    from kgrag.text.embeddings import Embedder

MIN_SPAN_TOKENS = 64  # a very long title still leaves room for real text


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # character offsets into the document text
    end: int
    text: str


def load_tokenizer(tokenizer_file: Path) -> Tokenizer:
    """The model's tokenizer without the padding and truncation its tokenizer.json may carry (MiniLM's pads
    and truncates to 128), so counts are true lengths."""
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class Chunker:
    """Splits text into spans of at most `max_tokens` tokens (counting the title) sharing `overlap` tokens.

    Without a tokenizer (a model with no tokenizer.json) the budget falls back to characters, four per
    token, which is what English biomedical text averages with WordPiece.
    """

    def __init__(self, tokenizer: Tokenizer | None, max_tokens: int = 256, overlap: int = 32) -> None:
        if overlap >= max_tokens // 2:
            raise ValueError(f"chunk overlap ({overlap}) must be under half the budget ({max_tokens})")
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.overlap = overlap
        self._splitters: dict[int, TextSplitter] = {}

    def _splitter(self, capacity: int) -> TextSplitter:
        splitter = self._splitters.get(capacity)
        if splitter is None:
            overlap = min(self.overlap, capacity // 4)
            if self.tokenizer is not None:
                splitter = TextSplitter.from_huggingface_tokenizer(self.tokenizer, capacity, overlap)
            else:
                splitter = TextSplitter(capacity * 4, overlap * 4)
            self._splitters[capacity] = splitter
        return splitter

    def tokens(self, text: str) -> int:
        if self.tokenizer is None:
            return (len(text) + 3) // 4
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def split(self, text: str, title: str = "") -> list[Chunk]:
        """Spans of `text`; `title` only shrinks the budget (special tokens and the title come off it)."""
        if not text.strip():
            return []
        reserved = 2 + (self.tokens(title) + 1 if title else 0)
        capacity = max(MIN_SPAN_TOKENS, self.max_tokens - reserved)
        # Rounded down to a multiple of 8 so titles of similar length share one cached splitter.
        capacity -= capacity % 8 if capacity > MIN_SPAN_TOKENS else 0
        return [Chunk(start, start + len(piece), piece)
                for start, piece in self._splitter(capacity).chunk_indices(text)]


def make_chunker(embedder: Embedder, max_tokens: int, overlap: int) -> Chunker:
    """A chunker counting with the embedding model's tokenizer, its budget capped at what the model reads."""
    budget = min(max_tokens, embedder.max_tokens or max_tokens)
    return Chunker(embedder.tokenizer(), budget, min(overlap, budget // 4))
